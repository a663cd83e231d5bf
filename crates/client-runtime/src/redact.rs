//! Scrubbing secrets out of URLs, error messages and bodies.
//!
//! Some providers take their credential in the query string (VoiceMeUp's
//! `auth_token`), `reqwest` prints the full URL, query included, in its
//! errors, and a misbehaving server may echo any credential back in a
//! message or body. Everything this crate formats goes through a
//! [`Redactor`]: each [`Runtime`](crate::Runtime) owns one that knows its
//! own credential values and query parameter names; the free functions use
//! the default names only.

use std::error::Error as StdError;
use std::fmt;

use bytes::Bytes;

use crate::Auth;

/// Query parameter names whose values are always scrubbed, compared without
/// regard to ASCII case.
pub const SECRET_QUERY_PARAMS: &[&str] = &["auth_token", "token", "api_key", "password", "secret"];

/// What a scrubbed value is replaced with.
const MASK: &str = "***";

/// The redactor of the free functions: the default names, no values.
static DEFAULT: Redactor = Redactor {
    names: Vec::new(),
    values: Vec::new(),
};

/// What one client scrubs from text it shows: the values of secret query
/// parameters ([`SECRET_QUERY_PARAMS`] and the names of its
/// [`Auth::Query`]), and its own credential values wherever they appear.
///
/// The values are the bearer token, every secret header value (and, for a
/// value of the form `Scheme token`, such as CALLR's `Api-Key <key>`, the
/// token alone), every query credential, a Basic password, `user:password`
/// and its base64 form; each also as it looks percent-encoded, form-encoded
/// and inside a JSON string. They are replaced by `***`.
///
/// Each [`Runtime`](crate::Runtime) builds one from its credentials
/// ([`Runtime::redactor`](crate::Runtime::redactor)); clones of the runtime
/// share it. Its `Debug` shows the parameter names and how many values it
/// knows, never a value.
///
/// ```
/// use client_runtime::{Auth, Runtime};
/// let runtime = Runtime::new(Auth::query("did_key", "k-123"));
/// let redactor = runtime.redactor();
/// assert_eq!(
///     redactor.redact_text("bad key k-123 for /dids?did_key=k-123&page=2"),
///     "bad key *** for /dids?did_key=***&page=2",
/// );
/// ```
#[derive(Clone, Default)]
pub struct Redactor {
    /// Secret query parameter names beyond [`SECRET_QUERY_PARAMS`].
    names: Vec<Box<str>>,
    /// Credential values and their encoded forms, longest first, so that a
    /// value containing another is replaced whole.
    values: Vec<Box<str>>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redactor")
            .field("names", &self.names)
            .field("values", &self.values.len())
            .finish()
    }
}

impl Redactor {
    /// A redactor for a client that authenticates with `auth`.
    pub fn new(auth: &Auth) -> Self {
        let mut redactor = Self::default();
        for name in auth.query_names() {
            if !redactor.is_secret_param(name) {
                redactor.names.push(name.into());
            }
        }
        for value in auth.secret_values() {
            redactor.add_value(&value);
        }
        redactor
            .values
            .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        redactor.values.dedup();
        redactor
    }

    /// Adds `value` and its encoded forms.
    fn add_value(&mut self, value: &str) {
        if value.is_empty() {
            return;
        }
        let percent = percent_encoding::utf8_percent_encode(value, UNRESERVED).to_string();
        let form = percent_encoding::utf8_percent_encode(value, FORM)
            .to_string()
            .replace("%20", "+");
        let json = serde_json::to_string(value).unwrap_or_default();
        let json = json
            .strip_prefix('"')
            .and_then(|j| j.strip_suffix('"'))
            .unwrap_or(value);
        for form in [value, &percent, &form, json] {
            self.values.push(form.into());
        }
    }

    /// Whether the value of query parameter `name` is scrubbed.
    pub fn is_secret_param(&self, name: &str) -> bool {
        SECRET_QUERY_PARAMS
            .iter()
            .copied()
            .chain(self.names.iter().map(|n| &**n))
            .any(|n| n.eq_ignore_ascii_case(name))
    }

    /// `url` with the values of secret query parameters, any password in
    /// the user-info part and every credential value replaced by `***`.
    ///
    /// Anything that is not a URL is treated as one: the part after `?` is
    /// the query.
    pub fn redact_url(&self, url: impl AsRef<str>) -> String {
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
            out.push_str(&self.redact_query(query));
        }
        out.push_str(fragment);
        self.replace_values(out)
    }

    /// `text` with every URL in it passed through [`Redactor::redact_url`],
    /// every `name=value` pair of a secret parameter scrubbed wherever it
    /// stands (relative URLs such as `/x?auth_token=…` and bare query
    /// strings included), and every credential value replaced by `***`.
    ///
    /// An absolute URL starts at `http://` or `https://`; a URL or a value
    /// ends at whitespace, a quote, `<`, `>`, `)`, `,` or `\` (reqwest
    /// writes `for url (…)`, JSON escapes with `\`). Query values the
    /// runtime adds are percent-encoded, so none of them contains such a
    /// character.
    pub fn redact_text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = find_url_start(rest) {
            out.push_str(&rest[..start]);
            let tail = &rest[start..];
            let end = tail.find(ends_value).unwrap_or(tail.len());
            out.push_str(&redact_userinfo_in(&tail[..end]));
            rest = &tail[end..];
        }
        out.push_str(rest);
        let out = self.redact_pairs(&out);
        self.replace_values(out)
    }

    /// `raw` with every credential value replaced by `***`; the same bytes,
    /// not copied, when it holds none (the usual case). For bodies, which
    /// may not be UTF-8.
    pub fn redact_bytes(&self, raw: Bytes) -> Bytes {
        let found = |v: &str| find_bytes(&raw, v.as_bytes()).is_some();
        if !self.values.iter().any(|v| found(v)) {
            return raw;
        }
        let mut out = raw.to_vec();
        for value in &self.values {
            out = replace_bytes(&out, value.as_bytes());
        }
        Bytes::from(out)
    }

    /// Scrubs every string (and object key) inside `value` as
    /// [`Redactor::redact_text`] does.
    pub fn redact_json(&self, value: &mut serde_json::Value) {
        use serde_json::Value;
        match value {
            Value::String(s) => {
                let clean = self.redact_text(s);
                if clean != *s {
                    *s = clean;
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.redact_json(v)),
            Value::Object(map) => {
                let taken = std::mem::take(map);
                for (key, mut v) in taken {
                    self.redact_json(&mut v);
                    map.insert(self.redact_text(&key), v);
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    /// Formats `err` and its whole `source()` chain like [`Redacted`], with
    /// this redactor.
    pub fn display<'a, E: StdError + ?Sized>(&'a self, err: &'a E) -> impl fmt::Display + 'a {
        Chain {
            redactor: self,
            err,
        }
    }

    fn replace_values(&self, mut text: String) -> String {
        for value in &self.values {
            if text.contains(&**value) {
                text = text.replace(&**value, MASK);
            }
        }
        text
    }

    fn redact_query(&self, query: &str) -> String {
        let mut out = String::with_capacity(query.len());
        for (i, pair) in query.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            match pair.split_once('=') {
                Some((name, _)) if self.is_secret_param(&decode_name(name)) => {
                    out.push_str(name);
                    out.push('=');
                    out.push_str(MASK);
                }
                _ => out.push_str(pair),
            }
        }
        out
    }

    /// Scrubs the value of every `name=value` whose name is secret and
    /// follows the start of the text, `?`, `&`, `;`, whitespace, a quote,
    /// `(` or `,`; the value ends at `&`, `#` or what ends a URL.
    fn redact_pairs(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while let Some(eq) = text[i..].find('=').map(|e| e + i) {
            let name_start = text[..eq]
                .rfind(|c: char| starts_name(c))
                .map_or(0, |p| p + 1);
            let value_end = text[eq + 1..]
                .find(|c: char| c == '&' || c == '#' || ends_value(c))
                .map_or(text.len(), |e| e + eq + 1);
            let name = &text[name_start..eq];
            let secret =
                name_start >= i && !name.is_empty() && self.is_secret_param(&decode_name(name));
            if secret {
                out.push_str(&text[i..=eq]);
                out.push_str(MASK);
                i = value_end;
            } else {
                out.push_str(&text[i..=eq]);
                i = eq + 1;
            }
        }
        out.push_str(&text[i..]);
        out
    }

    /// A URL whose secrets are scrubbed, as a `Url` again (for putting back
    /// into a `reqwest::Error`). `None` when nothing needed scrubbing.
    pub(crate) fn redacted_url(&self, url: &reqwest::Url) -> Option<reqwest::Url> {
        let redacted = self.redact_url(url);
        if redacted == url.as_str() {
            return None;
        }
        // Scrubbing only ever replaces values with `***`, which parses;
        // should it not, drop the query and user-info altogether.
        reqwest::Url::parse(&redacted).ok().or_else(|| {
            let mut bare = url.clone();
            bare.set_query(None);
            let _ = bare.set_password(None);
            let _ = bare.set_username("");
            Some(bare)
        })
    }

    /// Replaces the URL inside a `reqwest::Error` with its scrubbed form,
    /// so the error can be displayed, logged or returned as a `source()`
    /// safely.
    pub(crate) fn scrub_error(&self, mut err: reqwest::Error) -> reqwest::Error {
        if let Some(url) = err.url_mut()
            && let Some(clean) = self.redacted_url(url)
        {
            *url = clean;
        }
        err
    }
}

/// Every character but ASCII letters, digits and `-._~` (RFC 3986's
/// unreserved set): how most servers percent-encode a value they echo.
const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Every character but ASCII letters, digits and `*-._`: what `Url` writes
/// for a query value (with `+` for a space, which [`Redactor::add_value`]
/// puts in).
const FORM: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// Whether `c` ends a URL or a value inside text.
fn ends_value(c: char) -> bool {
    c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')' | '\\' | ',')
}

/// Whether `c` stands right before a parameter name inside text.
fn starts_name(c: char) -> bool {
    c.is_whitespace() || matches!(c, '?' | '&' | ';' | '"' | '\'' | '(' | ',' | '=' | '#')
}

/// `redact_userinfo` of a URL's part before its path.
fn redact_userinfo_in(url: &str) -> String {
    let path = url
        .find("://")
        .and_then(|s| url[s + 3..].find(['/', '?', '#']).map(|p| p + s + 3))
        .unwrap_or(url.len());
    let mut out = redact_userinfo(&url[..path]);
    out.push_str(&url[path..]);
    out
}

/// `url` with the values of secret query parameters and any password in
/// the user-info part replaced by `***`.
///
/// Secret parameters are those in [`SECRET_QUERY_PARAMS`]; the names and
/// values a client knows are scrubbed by its own [`Redactor`]
/// ([`Runtime::redact_url`](crate::Runtime::redact_url)). Accepts a
/// `&reqwest::Url`, a `&str` or a `String`; anything that is not a URL is
/// returned with the same rules applied to whatever looks like a query
/// string.
///
/// ```
/// use client_runtime::redact_url;
/// assert_eq!(
///     redact_url("https://api.example/v1/dids?auth_token=abc&page=2"),
///     "https://api.example/v1/dids?auth_token=***&page=2",
/// );
/// ```
pub fn redact_url(url: impl AsRef<str>) -> String {
    DEFAULT.redact_url(url)
}

/// `text` with every URL and every `name=value` pair of a secret parameter
/// in it scrubbed, with the default names only (see
/// [`Redactor::redact_text`] for the rules).
pub fn redact_text(text: &str) -> String {
    DEFAULT.redact_text(text)
}

/// `scrub_error` with the default names.
pub(crate) fn scrub_error(err: reqwest::Error) -> reqwest::Error {
    DEFAULT.scrub_error(err)
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

fn find_url_start(text: &str) -> Option<usize> {
    let http = text.find("http://");
    let https = text.find("https://");
    match (http, https) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Where `needle` first occurs in `haystack`.
fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `haystack` with every occurrence of `needle` replaced by [`MASK`].
fn replace_bytes(haystack: &[u8], needle: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(at) = find_bytes(rest, needle) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(MASK.as_bytes());
        rest = &rest[at + needle.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// Formats an error and its whole `source()` chain as `a: b: c`, with every
/// URL and secret query parameter scrubbed by [`redact_text`] (the default
/// names). `Debug` prints the same text. The errors of a client are already
/// scrubbed of its own credential values when they are built, so this is
/// enough for them; for other errors, [`Redactor::display`] also knows a
/// client's values.
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
        fmt_chain(&DEFAULT, &self.0, f)
    }
}

impl<E: StdError> fmt::Debug for Redacted<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// What [`Redactor::display`] returns.
struct Chain<'a, E: ?Sized> {
    redactor: &'a Redactor,
    err: &'a E,
}

impl<E: StdError + ?Sized> fmt::Display for Chain<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_chain(self.redactor, self.err, f)
    }
}

fn fmt_chain<E: StdError + ?Sized>(
    redactor: &Redactor,
    err: &E,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    f.write_str(&redactor.redact_text(&err.to_string()))?;
    let mut source = err.source();
    while let Some(err) = source {
        write!(f, ": {}", redactor.redact_text(&err.to_string()))?;
        source = err.source();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;
    use reqwest::header::HeaderName;

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
        assert_eq!(
            redact_text("see http://u:pw@h:1/p and a=b=c"),
            "see http://u:***@h:1/p and a=b=c"
        );
    }

    #[test]
    fn scrubs_relative_urls_and_bare_pairs_inside_text() {
        for (input, expected) in [
            (
                "failed for /get_calls?username=u&auth_token=abc.",
                "failed for /get_calls?username=u&auth_token=***",
            ),
            (
                r#"{"url":"/x?token=t1\"","next":"?page=2&secret=s#f"}"#,
                r#"{"url":"/x?token=***\"","next":"?page=2&secret=***#f"}"#,
            ),
            ("password=hunter2 is wrong", "password=*** is wrong"),
            (
                "(api_key=k1, auth%5Ftoken=k2)",
                "(api_key=***, auth%5Ftoken=***)",
            ),
            ("my_token=1 tokens=2 token", "my_token=1 tokens=2 token"),
        ] {
            assert_eq!(redact_text(input), expected, "{input}");
        }
    }

    #[test]
    fn a_clients_names_and_values_are_scrubbed_by_its_redactor_only() {
        let auth = Auth::Query(vec![
            ("did_key".into(), Secret::new("k 1/é")),
            ("user".into(), Secret::new("me")),
        ]);
        let redactor = Redactor::new(&auth);
        // Not the free functions: names belong to the client.
        assert_eq!(redact_url("http://h/?did_key=1"), "http://h/?did_key=1");
        assert_eq!(
            redactor.redact_url("http://h/?did_key=1&n=2"),
            "http://h/?did_key=***&n=2"
        );
        // Values in every encoding, anywhere.
        for form in ["k 1/é", "k+1%2F%C3%A9", "k%201%2F%C3%A9"] {
            assert_eq!(
                redactor.redact_text(&format!("bad: {form}!")),
                "bad: ***!",
                "{form}"
            );
        }
        let dbg = format!("{redactor:?}");
        assert!(dbg.contains("did_key") && !dbg.contains("k 1"), "{dbg}");
    }

    #[test]
    fn every_kind_of_credential_gives_its_values() {
        let cases = [
            (Auth::bearer("tok-1"), vec!["tok-1"]),
            (
                Auth::Headers(vec![
                    (HeaderName::from_static("x-auth-sid"), Secret::new("sid-1")),
                    (
                        HeaderName::from_static("authorization"),
                        Secret::new("Api-Key key-1"),
                    ),
                ]),
                vec!["sid-1", "Api-Key key-1", "key-1"],
            ),
            (
                Auth::basic("Aladdin", "open sesame"),
                vec![
                    "open sesame",
                    "open+sesame",
                    "Aladdin:open sesame",
                    "QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
                ],
            ),
        ];
        for (auth, secrets) in cases {
            let redactor = Redactor::new(&auth);
            for secret in secrets {
                let text = format!("echo {secret} echo");
                assert_eq!(redactor.redact_text(&text), "echo *** echo", "{secret}");
                let bytes = redactor.redact_bytes(Bytes::from(text.into_bytes()));
                assert_eq!(&bytes[..], b"echo *** echo", "{secret}");
            }
            // The user name alone is not a secret.
            assert_eq!(redactor.redact_text("Aladdin"), "Aladdin");
        }
    }

    #[test]
    fn clean_bytes_are_not_copied_and_json_is_scrubbed_throughout() {
        let redactor = Redactor::new(&Auth::bearer("tok-\"1"));
        let clean = Bytes::from_static(b"nothing here");
        let kept = redactor.redact_bytes(clean.clone());
        assert_eq!(kept.as_ptr(), clean.as_ptr());
        let mut json = serde_json::json!({
            "tok-\"1": ["a tok-\"1", {"n": 1, "u": "/x?auth_token=z"}],
        });
        redactor.redact_json(&mut json);
        assert_eq!(
            json,
            serde_json::json!({"***": ["a ***", {"n": 1, "u": "/x?auth_token=***"}]})
        );
        // Inside a JSON document, the value is escaped.
        let raw = Bytes::from_static(br#"{"echo":"tok-\"1"}"#);
        assert_eq!(&redactor.redact_bytes(raw)[..], br#"{"echo":"***"}"#);
    }

    #[test]
    fn redacted_urls_parse() {
        let url = reqwest::Url::parse("http://h/p?auth_token=a%20b&x=1").unwrap();
        assert_eq!(
            DEFAULT.redacted_url(&url).unwrap().as_str(),
            "http://h/p?auth_token=***&x=1"
        );
        assert!(
            DEFAULT
                .redacted_url(&reqwest::Url::parse("http://h/p?x=1").unwrap())
                .is_none()
        );
    }
}
