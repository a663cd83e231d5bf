//! Scrubbing secrets out of URLs and error messages.
//!
//! Some providers take their credential in the query string (VoiceMeUp's
//! `auth_token`), and `reqwest` prints the full URL, query included, in its
//! errors. Everything this crate formats goes through these functions.

use std::error::Error as StdError;
use std::fmt;
use std::sync::RwLock;

/// Query parameter names whose values are always scrubbed, compared without
/// regard to ASCII case.
pub const SECRET_QUERY_PARAMS: &[&str] = &["auth_token", "token", "api_key", "password", "secret"];

/// What a scrubbed value is replaced with.
const MASK: &str = "***";

/// Further parameter names, taken from every [`Auth::Query`](crate::Auth::Query)
/// a [`Runtime`](crate::Runtime) was built with. Names are not secret, so a
/// process-wide list is harmless, and it lets [`redact_url`] and the error
/// types scrub them without a handle on the runtime.
static EXTRA_PARAMS: RwLock<Vec<Box<str>>> = RwLock::new(Vec::new());

/// Adds `name` to the query parameters whose values are scrubbed everywhere.
pub(crate) fn register_secret_param(name: &str) {
    if is_secret_param(name) {
        return;
    }
    let mut extra = EXTRA_PARAMS.write().unwrap_or_else(|e| e.into_inner());
    if !extra.iter().any(|n| n.eq_ignore_ascii_case(name)) {
        extra.push(name.into());
    }
}

/// Whether the value of query parameter `name` is scrubbed.
fn is_secret_param(name: &str) -> bool {
    SECRET_QUERY_PARAMS
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
        || EXTRA_PARAMS
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
}

/// `url` with the values of secret query parameters and any password in
/// the user-info part replaced by `***`.
///
/// Secret parameters are those in [`SECRET_QUERY_PARAMS`] plus every name
/// configured in an [`Auth::Query`](crate::Auth::Query) of a
/// [`Runtime`](crate::Runtime). Accepts a `&reqwest::Url`, a `&str` or a
/// `String`; anything that is not a URL is returned with the same rules
/// applied to whatever looks like a query string.
///
/// ```
/// use client_runtime::redact_url;
/// assert_eq!(
///     redact_url("https://api.example/v1/dids?auth_token=abc&page=2"),
///     "https://api.example/v1/dids?auth_token=***&page=2",
/// );
/// ```
pub fn redact_url(url: impl AsRef<str>) -> String {
    let url = url.as_ref();
    let (before_fragment, fragment) = match url.find('#') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let (base, query) = match before_fragment.find('?') {
        Some(i) => (&before_fragment[..i], Some(&before_fragment[i + 1..])),
        None => (before_fragment, None),
    };
    let mut out = String::with_capacity(url.len());
    out.push_str(&redact_userinfo(base));
    if let Some(query) = query {
        out.push('?');
        out.push_str(&redact_query(query));
    }
    out.push_str(fragment);
    out
}

/// Whether `url` carries a password or a secret query parameter: the cheap
/// question behind [`redacted_url`], for the per-call path where only the
/// answer matters.
pub(crate) fn has_secret(url: &reqwest::Url) -> bool {
    url.password().is_some() || url.query_pairs().any(|(name, _)| is_secret_param(&name))
}

/// A URL whose secrets are scrubbed, as a `Url` again (for putting back into
/// a `reqwest::Error`). `None` when nothing needed scrubbing.
pub(crate) fn redacted_url(url: &reqwest::Url) -> Option<reqwest::Url> {
    let redacted = redact_url(url);
    if redacted == url.as_str() {
        return None;
    }
    // Scrubbing only ever replaces values with `***`, which parses; should
    // it not, drop the query and user-info altogether.
    reqwest::Url::parse(&redacted).ok().or_else(|| {
        let mut bare = url.clone();
        bare.set_query(None);
        let _ = bare.set_password(None);
        let _ = bare.set_username("");
        Some(bare)
    })
}

/// `scheme://user:password@host...` → `scheme://user:***@host...`.
fn redact_userinfo(base: &str) -> String {
    let Some(scheme_end) = base.find("://") else {
        return base.to_owned();
    };
    let rest = &base[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some(at) = authority.rfind('@') else {
        return base.to_owned();
    };
    let userinfo = &authority[..at];
    let Some(colon) = userinfo.find(':') else {
        return base.to_owned();
    };
    format!(
        "{}{}:{MASK}{}",
        &base[..scheme_end + 3],
        &userinfo[..colon],
        &base[scheme_end + 3 + at..]
    )
}

fn redact_query(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    for (i, pair) in query.split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        match pair.split_once('=') {
            Some((name, _)) if is_secret_param(&decode_name(name)) => {
                out.push_str(name);
                out.push('=');
                out.push_str(MASK);
            }
            _ => out.push_str(pair),
        }
    }
    out
}

/// Percent- and `+`-decodes a query parameter name, enough to compare it
/// with the secret names (which are plain ASCII).
fn decode_name(name: &str) -> String {
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// `text` with every URL in it passed through [`redact_url`].
///
/// A URL starts at `http://` or `https://` and ends at whitespace, a quote,
/// `<`, `>` or `)` (reqwest writes `for url (…)`). Query values the runtime
/// adds are percent-encoded, so none of them contains such a character.
pub fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = find_url_start(rest) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')'))
            .unwrap_or(tail.len());
        out.push_str(&redact_url(&tail[..end]));
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

fn find_url_start(text: &str) -> Option<usize> {
    let http = text.find("http://");
    let https = text.find("https://");
    match (http, https) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Formats an error and its whole `source()` chain as `a: b: c`, with every
/// URL scrubbed by [`redact_url`]. `Debug` prints the same text.
///
/// Use it wherever an error from `reqwest` (whose messages include the
/// request URL, query string and all) might be shown or logged:
///
/// ```
/// # fn show(err: &reqwest::Error) {
/// use client_runtime::Redacted;
/// eprintln!("request failed: {}", Redacted(err));
/// # }
/// ```
pub struct Redacted<E>(pub E);

impl<E: StdError> fmt::Display for Redacted<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact_text(&self.0.to_string()))?;
        let mut source = self.0.source();
        while let Some(err) = source {
            write!(f, ": {}", redact_text(&err.to_string()))?;
            source = err.source();
        }
        Ok(())
    }
}

impl<E: StdError> fmt::Debug for Redacted<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Replaces the URL inside a `reqwest::Error` with its scrubbed form, so the
/// error can be displayed, logged or returned as a `source()` safely.
pub(crate) fn scrub_error(mut err: reqwest::Error) -> reqwest::Error {
    if let Some(url) = err.url_mut()
        && let Some(clean) = redacted_url(url)
    {
        *url = clean;
    }
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrubs_secret_query_values_and_passwords() {
        for (input, expected) in [
            ("https://a.example/x", "https://a.example/x"),
            (
                "https://a.example/x?auth_token=abc&page=2&Token=t#frag",
                "https://a.example/x?auth_token=***&page=2&Token=***#frag",
            ),
            (
                "http://u:pw@a.example:8080/p?api_key=k",
                "http://u:***@a.example:8080/p?api_key=***",
            ),
            (
                "http://u@a.example/?password",
                "http://u@a.example/?password",
            ),
            (
                "https://a.example/?auth%5Ftoken=abc",
                "https://a.example/?auth%5Ftoken=***",
            ),
            (
                "https://a.example/?secret=",
                "https://a.example/?secret=***",
            ),
            ("/relative?token=1&x=%", "/relative?token=***&x=%"),
        ] {
            assert_eq!(redact_url(input), expected, "{input}");
        }
    }

    #[test]
    fn scrubs_urls_inside_text() {
        let text = "error sending request for url (http://127.0.0.1:1/x?auth_token=abc&n=1): boom";
        assert_eq!(
            redact_text(text),
            "error sending request for url (http://127.0.0.1:1/x?auth_token=***&n=1): boom"
        );
        assert_eq!(redact_text("no url here"), "no url here");
    }

    #[test]
    fn registered_names_are_scrubbed_too() {
        assert_eq!(redact_url("http://h/?did_key=1"), "http://h/?did_key=1");
        register_secret_param("DID_KEY");
        assert_eq!(redact_url("http://h/?did_key=1"), "http://h/?did_key=***");
    }

    #[test]
    fn redacted_urls_parse() {
        let url = reqwest::Url::parse("http://h/p?auth_token=a%20b&x=1").unwrap();
        assert_eq!(
            redacted_url(&url).unwrap().as_str(),
            "http://h/p?auth_token=***&x=1"
        );
        assert!(redacted_url(&reqwest::Url::parse("http://h/p?x=1").unwrap()).is_none());
    }

    #[test]
    fn has_secret_agrees_with_redaction() {
        for url in [
            "http://h/p?auth_token=a%20b&x=1",
            "http://h/p?x=1",
            "http://h/p",
            "http://u:pw@h/p",
            "http://u@h/p",
            "http://h/p?Auth%5FToken=1",
            "http://h/p?page%5Blimit%5D=5",
        ] {
            let url = reqwest::Url::parse(url).unwrap();
            assert_eq!(has_secret(&url), redacted_url(&url).is_some(), "{url}");
        }
    }
}
