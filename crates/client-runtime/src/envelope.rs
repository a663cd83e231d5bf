//! Errors reported inside a successful HTTP response, as VoiceMeUp does:
//! HTTP 200 with `response_status: error` and a list of coded messages.
//! The generator emits one [`Envelope`] per provider from the spec's
//! `x-envelope`, and every `send()` checks the decoded body against it.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use crate::Error;

/// Where a provider's envelope keeps its status and messages (JSON pointers
/// and field names), and which codes mean "rate limited".
#[derive(Debug, Clone, Copy)]
pub struct Envelope {
    /// Pointer to the status string, e.g. `/response_details/response_status`.
    pub status: &'static str,
    /// The status value that means failure, e.g. `error`.
    pub error: &'static str,
    /// Pointer to the message, or array of messages.
    pub messages: &'static str,
    /// Field of a message holding its code.
    pub code: &'static str,
    /// Field of a message holding its text.
    pub text: &'static str,
    /// Codes that mean the provider refused the call for its rate limits.
    pub rate_limited: &'static [&'static str],
    /// How long the provider refuses calls after such a code, if documented.
    pub retry_after: Option<Duration>,
}

impl Envelope {
    /// `Ok` unless `body` reports a failure; then every code and message, or
    /// [`Error::RateLimited`] when one of the codes is a rate-limit code.
    ///
    /// The status is read in place (a serializer that follows only the
    /// pointer); the body is converted to JSON only when it reports a failure.
    pub fn check<T: Serialize + ?Sized, E>(&self, body: &T) -> Result<(), Error<E>> {
        if crate::probe::string_at(body, self.status).as_deref() != Some(self.error) {
            return Ok(());
        }
        let Ok(value) = serde_json::to_value(body) else {
            return Ok(());
        };
        let items: Vec<&Value> = match value.pointer(self.messages) {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(one @ Value::Object(_)) => vec![one],
            _ => Vec::new(),
        };
        let text = |v: Option<&Value>| match v {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        let messages: Vec<(String, String)> = items
            .into_iter()
            .map(|m| (text(m.get(self.code)), text(m.get(self.text))))
            .collect();
        if messages
            .iter()
            .any(|(code, _)| self.rate_limited.contains(&code.as_str()))
        {
            return Err(Error::RateLimited {
                retry_after: self.retry_after,
                local: None,
            });
        }
        Err(Error::provider_messages(messages))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const VMU: Envelope = Envelope {
        status: "/response_details/response_status",
        error: "error",
        messages: "/response_details/response_messages/message",
        code: "code",
        text: "_content",
        rate_limited: &["requests_hard_limit_exceeded"],
        retry_after: Some(Duration::from_secs(3600)),
    };

    #[test]
    fn success_passes_and_errors_carry_every_message() {
        let ok = json!({"response_details": {"response_status": "success"}, "dids": []});
        assert!(VMU.check::<_, ()>(&ok).is_ok());

        let one = json!({"response_details": {"response_status": "error",
            "response_messages": {"message": {"code": "invalid_did", "_content": "Bad DID"}}}});
        let e = VMU.check::<_, ()>(&one).unwrap_err();
        assert_eq!(e.provider_codes().collect::<Vec<_>>(), ["invalid_did"]);

        let many = json!({"response_details": {"response_status": "error",
            "response_messages": {"message": [
                {"code": "missing_parameter", "_content": "date_to"},
                {"code": "requests_soft_limit_reached", "_content": "slow down"}]}}});
        match VMU.check::<_, ()>(&many).unwrap_err() {
            Error::Provider { code, messages, .. } => {
                assert_eq!(code, "missing_parameter");
                assert_eq!(messages.len(), 2);
                assert_eq!(
                    messages[1],
                    ("requests_soft_limit_reached".into(), "slow down".into())
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_hard_limit_is_a_rate_limit() {
        let hard = json!({"response_details": {"response_status": "error",
            "response_messages": {"message": {"code": "requests_hard_limit_exceeded", "_content": "wait"}}}});
        let e = VMU.check::<_, ()>(&hard).unwrap_err();
        assert!(
            matches!(e, Error::RateLimited { retry_after: Some(d), local: None } if d.as_secs() == 3600),
            "{e:?}"
        );
    }
}
