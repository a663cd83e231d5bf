use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::Secret;

/// How a provider authenticates requests.
///
/// `Debug` shows the scheme and header or parameter names, never a secret.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Auth {
    /// No credentials.
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// One or more secret headers, such as Skyetel's `X-AUTH-SID` and `X-AUTH-SECRET`.
    Headers(Vec<(HeaderName, Secret)>),
    /// One or more secret query parameters, such as VoiceMeUp's `auth_token`,
    /// appended to every request URL (replacing any parameter of the same
    /// name). Their values are scrubbed from every URL this crate formats
    /// (see [`redact_url`](crate::redact_url)).
    Query(Vec<(String, Secret)>),
    /// `Authorization: Basic base64(username:password)`.
    Basic {
        /// The user name, sent as is (it must not contain `:`).
        username: String,
        /// The password.
        password: Secret,
    },
}

impl Auth {
    /// `Authorization: Bearer <token>`.
    pub fn bearer(token: impl Into<Secret>) -> Self {
        Self::Bearer(token.into())
    }

    /// One secret query parameter, e.g. `Auth::query("auth_token", token)`.
    pub fn query(name: impl Into<String>, value: impl Into<Secret>) -> Self {
        Self::Query(vec![(name.into(), value.into())])
    }

    /// `Authorization: Basic …` from a user name and password.
    pub fn basic(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Self::Basic {
            username: username.into(),
            password: password.into(),
        }
    }

    /// Names of the query parameters that carry credentials.
    pub(crate) fn query_names(&self) -> impl Iterator<Item = &str> {
        let pairs: &[(String, Secret)] = match self {
            Auth::Query(pairs) => pairs,
            _ => &[],
        };
        pairs.iter().map(|(name, _)| name.as_str())
    }

    /// Every credential value, as [`Redactor`](crate::Redactor) scrubs
    /// them: the values themselves, the token of a `Scheme token` header
    /// value, and a Basic credential's `user:password` and base64 forms
    /// besides its password. (Its user name alone is not a secret.)
    pub(crate) fn secret_values(&self) -> Vec<String> {
        let mut values = Vec::new();
        match self {
            Auth::None => {}
            Auth::Bearer(token) => values.push(token.expose().to_owned()),
            Auth::Headers(pairs) => {
                for (_, value) in pairs {
                    let value = value.expose();
                    values.push(value.to_owned());
                    if let Some((scheme, token)) = value.split_once(' ')
                        && !scheme.is_empty()
                        && scheme
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                        && !token.trim().is_empty()
                    {
                        values.push(token.trim().to_owned());
                    }
                }
            }
            Auth::Query(pairs) => {
                values.extend(pairs.iter().map(|(_, value)| value.expose().to_owned()));
            }
            Auth::Basic { username, password } => {
                use base64::Engine as _;
                let pair = format!("{username}:{}", password.expose());
                values.push(base64::engine::general_purpose::STANDARD.encode(&pair));
                values.push(pair);
                values.push(password.expose().to_owned());
            }
        }
        values
    }

    /// The credential headers, each marked sensitive so HTTP libraries leave
    /// it out of their own debug output. [`Runtime`](crate::Runtime) builds
    /// them once and adds them to every request.
    pub(crate) fn header_values(&self) -> Vec<(HeaderName, HeaderValue)> {
        let bearer_or_basic = |value: String| {
            sensitive(&value)
                .map(|v| (AUTHORIZATION, v))
                .into_iter()
                .collect()
        };
        match self {
            Auth::None | Auth::Query(_) => Vec::new(),
            Auth::Bearer(token) => bearer_or_basic(format!("Bearer {}", token.expose())),
            Auth::Headers(pairs) => pairs
                .iter()
                .filter_map(|(name, value)| Some((name.clone(), sensitive(value.expose())?)))
                .collect(),
            Auth::Basic { username, password } => {
                use base64::Engine as _;
                let raw = format!("{username}:{}", password.expose());
                let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
                bearer_or_basic(format!("Basic {encoded}"))
            }
        }
    }

    /// Adds query credentials to the URL of `request` (nothing for the
    /// other kinds), replacing parameters of the same name.
    pub(crate) fn apply_query(&self, request: &mut reqwest::Request) {
        let Auth::Query(pairs) = self else { return };
        let url = request.url_mut();
        let taken = |k: &str| pairs.iter().any(|(name, _)| name == k);
        if !url.query_pairs().any(|(k, _)| taken(&k)) {
            // The usual case: append, leaving the query as it is.
            let mut query = url.query_pairs_mut();
            for (name, value) in pairs {
                query.append_pair(name, value.expose());
            }
            return;
        }
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !taken(k))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut query = url.query_pairs_mut();
        query.clear();
        query.extend_pairs(kept);
        for (name, value) in pairs {
            query.append_pair(name, value.expose());
        }
    }

    /// Checks that every credential can be sent as a header value.
    pub(crate) fn validate(&self) -> Result<(), &'static str> {
        let ok = match self {
            Auth::None => true,
            Auth::Bearer(t) => !t.expose().is_empty() && sensitive(t.expose()).is_some(),
            Auth::Headers(pairs) => pairs
                .iter()
                .all(|(_, v)| !v.expose().is_empty() && sensitive(v.expose()).is_some()),
            Auth::Query(pairs) => pairs
                .iter()
                .all(|(name, v)| !name.is_empty() && !v.expose().is_empty()),
            Auth::Basic { username, password } => {
                !username.contains(':')
                    && !username.contains(['\r', '\n'])
                    && !password.expose().is_empty()
            }
        };
        if ok {
            Ok(())
        } else {
            Err(
                "a credential is empty or contains characters that cannot be sent where it goes \
                 (an HTTP header, a query parameter, or a Basic user name with `:`)",
            )
        }
    }
}

fn sensitive(value: &str) -> Option<HeaderValue> {
    let mut v = HeaderValue::from_str(value).ok()?;
    v.set_sensitive(true);
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(url: &str) -> reqwest::Request {
        reqwest::Request::new(reqwest::Method::GET, reqwest::Url::parse(url).unwrap())
    }

    impl Auth {
        /// Both halves, as `Runtime::pre` applies them.
        fn apply(&self, request: &mut reqwest::Request) {
            request.headers_mut().extend(self.header_values());
            self.apply_query(request);
        }
    }

    #[test]
    fn query_credentials_replace_same_named_parameters() {
        let auth = Auth::Query(vec![
            ("auth_token".into(), "t&k n".into()),
            ("user".into(), "me".into()),
        ]);
        let mut req = request("http://h/x?a=1&auth_token=old&b=%20");
        auth.apply(&mut req);
        assert_eq!(
            req.url().query(),
            Some("a=1&b=+&auth_token=t%26k+n&user=me")
        );
        assert!(auth.validate().is_ok());
        assert_eq!(
            auth.query_names().collect::<Vec<_>>(),
            ["auth_token", "user"]
        );
        let mut plain = request("http://h/x?a=%20");
        auth.apply(&mut plain);
        assert_eq!(
            plain.url().query(),
            Some("a=%20&auth_token=t%26k+n&user=me")
        );
        let mut bare = request("http://h/x");
        auth.apply(&mut bare);
        assert_eq!(bare.url().query(), Some("auth_token=t%26k+n&user=me"));
        let dbg = format!("{auth:?}");
        assert!(dbg.contains("auth_token") && !dbg.contains("t&k"), "{dbg}");
    }

    #[test]
    fn basic_credentials_are_encoded_and_sensitive() {
        let auth = Auth::basic("Aladdin", "open sesame");
        let mut req = request("http://h/");
        auth.apply(&mut req);
        let v = &req.headers()[AUTHORIZATION];
        assert_eq!(v, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert!(v.is_sensitive());
        assert!(!format!("{auth:?}").contains("sesame"));
        assert!(Auth::basic("a:b", "pw").validate().is_err());
        assert!(Auth::basic("a", "").validate().is_err());
    }
}
