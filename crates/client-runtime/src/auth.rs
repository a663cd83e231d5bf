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
}

impl Auth {
    /// `Authorization: Bearer <token>`.
    pub fn bearer(token: impl Into<Secret>) -> Self {
        Self::Bearer(token.into())
    }

    /// Adds the credentials to `request`, marking every header sensitive so
    /// HTTP libraries leave it out of their own debug output.
    pub(crate) fn apply(&self, request: &mut reqwest::Request) {
        match self {
            Auth::None => {}
            Auth::Bearer(token) => {
                if let Some(v) = sensitive(&format!("Bearer {}", token.expose())) {
                    request.headers_mut().insert(AUTHORIZATION, v);
                }
            }
            Auth::Headers(pairs) => {
                for (name, value) in pairs {
                    if let Some(v) = sensitive(value.expose()) {
                        request.headers_mut().insert(name.clone(), v);
                    }
                }
            }
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
        };
        if ok {
            Ok(())
        } else {
            Err(
                "a credential is empty or contains characters that cannot be sent in an HTTP header",
            )
        }
    }
}

fn sensitive(value: &str) -> Option<HeaderValue> {
    let mut v = HeaderValue::from_str(value).ok()?;
    v.set_sensitive(true);
    Some(v)
}
