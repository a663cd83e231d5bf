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

    /// Adds query credentials to the form body of `request` instead of its
    /// URL, for providers that take them there (see
    /// [`Runtime::with_credentials_in_form`](crate::Runtime::with_credentials_in_form)).
    ///
    /// An `application/x-www-form-urlencoded` body gets them as its last
    /// fields (replacing fields of the same name); a `multipart/form-data`
    /// body is a stream this cannot edit, so the code that built it has
    /// added them as text parts with [`Auth::add_to_multipart`]. Returns
    /// `false`, changing nothing, when the request has neither body, so the
    /// caller puts the credentials in the query instead.
    pub(crate) fn apply_form(&self, request: &mut reqwest::Request) -> bool {
        let Auth::Query(pairs) = self else {
            return false;
        };
        match form_kind(request) {
            Some(FormKind::Multipart) => true,
            Some(FormKind::Urlencoded) => {
                let Some(body) = request.body().and_then(reqwest::Body::as_bytes) else {
                    return false;
                };
                let taken = |k: &str| pairs.iter().any(|(name, _)| name == k);
                // A body that does not decode is sent as it is, with the
                // credentials after it, as for a body without them.
                let fields: Vec<(String, String)> =
                    serde_urlencoded::from_bytes(body).unwrap_or_default();
                let mut encoded = if fields.iter().any(|(k, _)| taken(k)) {
                    let kept: Vec<&(String, String)> =
                        fields.iter().filter(|(k, _)| !taken(k)).collect();
                    serde_urlencoded::to_string(kept)
                        .unwrap_or_default()
                        .into_bytes()
                } else {
                    // The usual case: append, leaving the body as it is.
                    body.to_vec()
                };
                append_pairs(&mut encoded, pairs);
                *request.body_mut() = Some(encoded.into());
                true
            }
            None => false,
        }
    }

    /// `form` with the query credentials as text parts (unchanged for the
    /// other kinds). Generated multipart uploads call this through
    /// [`Runtime::multipart_credentials`](crate::Runtime::multipart_credentials)
    /// for every attempt.
    pub(crate) fn add_to_multipart(
        &self,
        mut form: reqwest::multipart::Form,
    ) -> reqwest::multipart::Form {
        if let Auth::Query(pairs) = self {
            for (name, value) in pairs {
                form = form.text(name.clone(), value.expose().to_owned());
            }
        }
        form
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

/// The two form bodies credentials can travel in.
enum FormKind {
    Urlencoded,
    Multipart,
}

/// Which form body `request` has, from its `Content-Type`.
fn form_kind(request: &reqwest::Request) -> Option<FormKind> {
    let media = request
        .headers()
        .get(reqwest::header::CONTENT_TYPE)?
        .to_str()
        .ok()?
        .split(';')
        .next()?
        .trim();
    if media.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        Some(FormKind::Urlencoded)
    } else if media.eq_ignore_ascii_case("multipart/form-data") {
        Some(FormKind::Multipart)
    } else {
        None
    }
}

/// Appends `pairs`, form-encoded, to the encoded form `body`.
fn append_pairs(body: &mut Vec<u8>, pairs: &[(String, Secret)]) {
    let tail: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(name, value)| (name.as_str(), value.expose()))
        .collect();
    // Pairs of strings always encode.
    let tail = serde_urlencoded::to_string(tail).unwrap_or_default();
    if !body.is_empty() && !tail.is_empty() {
        body.push(b'&');
    }
    body.extend_from_slice(tail.as_bytes());
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

    fn form_request(content_type: &str, body: &str) -> reqwest::Request {
        let mut req = request("http://h/x?a=1");
        *req.method_mut() = reqwest::Method::POST;
        req.headers_mut().insert(
            reqwest::header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).unwrap(),
        );
        *req.body_mut() = Some(body.to_owned().into());
        req
    }

    fn body_text(req: &reqwest::Request) -> &str {
        std::str::from_utf8(req.body().and_then(reqwest::Body::as_bytes).unwrap()).unwrap()
    }

    #[test]
    fn query_credentials_go_into_an_urlencoded_body() {
        let auth = Auth::Query(vec![
            ("username".into(), "me".into()),
            ("auth_token".into(), "t&k n".into()),
        ]);
        let mut req = form_request("application/x-www-form-urlencoded", "message=h%C3%A9+%26");
        assert!(auth.apply_form(&mut req));
        assert_eq!(
            body_text(&req),
            "message=h%C3%A9+%26&username=me&auth_token=t%26k+n"
        );
        assert_eq!(req.url().query(), Some("a=1"), "the URL is left alone");

        // Fields of the same name are replaced, not repeated.
        let mut req = form_request(
            "Application/X-WWW-Form-Urlencoded; charset=utf-8",
            "auth_token=old&to=1",
        );
        assert!(auth.apply_form(&mut req));
        assert_eq!(body_text(&req), "to=1&username=me&auth_token=t%26k+n");

        // An empty form gets the credentials alone.
        let mut req = form_request("application/x-www-form-urlencoded", "");
        assert!(auth.apply_form(&mut req));
        assert_eq!(body_text(&req), "username=me&auth_token=t%26k+n");
    }

    #[test]
    fn other_bodies_are_left_to_the_query() {
        let auth = Auth::query("auth_token", "tok");
        // A multipart body carries them already (added as text parts).
        let mut req = form_request("multipart/form-data; boundary=x", "--x--");
        assert!(auth.apply_form(&mut req));
        assert_eq!(body_text(&req), "--x--");
        // JSON and no body at all: the caller uses the query.
        let mut req = form_request("application/json", "{}");
        assert!(!auth.apply_form(&mut req));
        assert_eq!(body_text(&req), "{}");
        let mut get = request("http://h/x");
        assert!(!auth.apply_form(&mut get));
        // Credentials of other kinds never go into a body.
        let mut req = form_request("application/x-www-form-urlencoded", "a=1");
        assert!(!Auth::bearer("tok").apply_form(&mut req));
        assert_eq!(body_text(&req), "a=1");
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
