//! VoiceMeUp answers HTTP 200 to everything and says how it went in the
//! `response_details` envelope: `response_status: error` becomes an error
//! of the client, with every code and message, and the hard rate limit a
//! rate-limit error.

use voicemeup::{Error, types};

use crate::support::{SUCCESS, answering, client, error_envelope};

/// Sends a cheap request to a server answering `body`.
async fn outcome(body: &str) -> Result<types::Envelope, Error> {
    let server = answering(body).await;
    let result = client(&server)
        .get_account_details()
        .send()
        .await
        .map(|v| v.into_inner());
    // An error inside HTTP 200 is not retried: the server saw one request.
    assert_eq!(server.requests().len(), 1);
    result
}

#[tokio::test]
async fn one_error_message_is_a_provider_error() {
    let body = error_envelope(&[("authentication_failed", "Authentication failed")]);
    let e = outcome(&body).await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "the provider reported error authentication_failed: Authentication failed"
    );
    match e {
        Error::Provider {
            code,
            message,
            messages,
            data,
            ..
        } => {
            assert_eq!(code, "authentication_failed");
            assert_eq!(message, "Authentication failed");
            assert_eq!(
                messages,
                [(
                    "authentication_failed".to_string(),
                    "Authentication failed".to_string()
                )]
            );
            assert_eq!(data, None);
        }
        other => panic!("expected Provider, got {other:?}"),
    }
}

#[tokio::test]
async fn an_array_of_messages_keeps_every_code_and_message_in_order() {
    let body = error_envelope(&[
        ("required_parameter_not_found", "friendly_name"),
        ("quantity_invalid", "quantity_inbound must be 0 or more"),
        ("duplicate_entry", "A channel with this name exists"),
    ]);
    let e = outcome(&body).await.unwrap_err();
    assert_eq!(
        e.provider_codes().collect::<Vec<_>>(),
        [
            "required_parameter_not_found",
            "quantity_invalid",
            "duplicate_entry"
        ]
    );
    assert_eq!(
        e.to_string(),
        "the provider reported error required_parameter_not_found: friendly_name (and 2 more)"
    );
    match e {
        Error::Provider {
            code,
            message,
            messages,
            ..
        } => {
            assert_eq!(code, "required_parameter_not_found");
            assert_eq!(message, "friendly_name");
            assert_eq!(messages.len(), 3);
            assert_eq!(
                messages[1],
                (
                    "quantity_invalid".to_string(),
                    "quantity_inbound must be 0 or more".to_string()
                )
            );
            assert_eq!(messages[2].0, "duplicate_entry");
        }
        other => panic!("expected Provider, got {other:?}"),
    }
}

/// Far over the hourly limit, VoiceMeUp refuses calls for 60 minutes with
/// `requests_hard_limit_exceeded`: a rate-limit error, not a provider error.
#[tokio::test]
async fn the_hard_limit_is_rate_limited() {
    let body = error_envelope(&[(
        "requests_hard_limit_exceeded",
        "Requests hard limit exceeded",
    )]);
    let e = outcome(&body).await.unwrap_err();
    // The docs say calls are refused for 60 minutes; the spec's
    // `x-envelope` says so too.
    assert!(
        matches!(
            e,
            Error::RateLimited {
                retry_after: Some(wait),
                ..
            } if wait.as_secs() == 3600
        ),
        "{e:?}"
    );
    assert_eq!(e.retry_after(), Some(std::time::Duration::from_secs(3600)));
    assert_eq!(e.provider_codes().count(), 0);
    assert_eq!(e.to_string(), "rate limited; retry in 3600.0 s");

    // Also when the code comes with others, in an array.
    let body = error_envelope(&[
        ("requests_soft_limit_reached", "Requests soft limit reached"),
        (
            "requests_hard_limit_exceeded",
            "Requests hard limit exceeded",
        ),
    ]);
    let e = outcome(&body).await.unwrap_err();
    assert!(matches!(e, Error::RateLimited { .. }), "{e:?}");
}

/// The soft limit is only a warning by e-mail at VoiceMeUp; when it comes
/// as an error it is a provider error with that code, a different kind
/// from the hard limit.
#[tokio::test]
async fn the_soft_limit_is_a_provider_error_with_its_code() {
    let body = error_envelope(&[("requests_soft_limit_reached", "Requests soft limit reached")]);
    let e = outcome(&body).await.unwrap_err();
    assert!(!matches!(e, Error::RateLimited { .. }), "{e:?}");
    assert_eq!(e.retry_after(), None);
    match e {
        Error::Provider { code, message, .. } => {
            assert_eq!(code, "requests_soft_limit_reached");
            assert_eq!(message, "Requests soft limit reached");
        }
        other => panic!("expected Provider, got {other:?}"),
    }
}

/// Codes VoiceMeUp sends are compared as text: the documented ones match
/// `types::ErrorCode`, and undocumented ones come through unchanged.
#[tokio::test]
async fn codes_round_trip_through_the_error_code_enum() {
    let body = error_envelope(&[
        ("phone_number_invalid", "Invalid phone number"),
        ("permission_refused", "Permission refused"),
    ]);
    let e = outcome(&body).await.unwrap_err();
    let codes: Vec<types::ErrorCode> = e
        .provider_codes()
        .map(|c| serde_json::from_value(serde_json::Value::String(c.into())).unwrap())
        .collect();
    assert_eq!(codes[0], types::ErrorCode::PhoneNumberInvalid);
    assert!(
        matches!(codes[1], types::ErrorCode::Unknown(_)),
        "{:?}",
        codes[1]
    );
}

/// An error envelope without messages is still an error.
#[tokio::test]
async fn an_error_without_messages_is_still_an_error() {
    let e = outcome(r#"{"response_details":{"response_status":"error"}}"#)
        .await
        .unwrap_err();
    match e {
        Error::Provider { code, messages, .. } => {
            assert_eq!(code, "");
            assert!(messages.is_empty());
        }
        other => panic!("expected Provider, got {other:?}"),
    }
}

/// PHP back ends write an empty message list as `[]` or `""`: the
/// envelope still decodes, and an error status is still the provider's
/// error (it used to fail as a decoding error).
#[tokio::test]
async fn an_error_with_an_empty_message_list_is_still_an_error() {
    for messages in ["[]", "\"\"", "null"] {
        let body = format!(
            r#"{{"response_details":{{"response_status":"error","response_messages":{messages}}}}}"#
        );
        match outcome(&body).await.unwrap_err() {
            Error::Provider { code, messages, .. } => {
                assert_eq!(code, "");
                assert!(messages.is_empty(), "{messages:?}");
            }
            other => panic!("{body}: expected Provider, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_success_envelope_decodes_with_its_messages() {
    let envelope = outcome(SUCCESS).await.unwrap();
    let details = envelope.response_details.clone().unwrap();
    assert_eq!(
        details.response_status,
        Some(types::ResponseStatus::Success)
    );
    // The message is free-form JSON: one object here.
    let message = details.response_messages.unwrap().message.unwrap();
    assert_eq!(message["code"], "ok");
    assert_eq!(message["_content"], "done");

    // Several messages, as `queue_sms` answers with the hash of the SMS.
    let body = r#"{"response_details":{"response_status":"success","response_messages":{"message":[{"code":"sms_queued","_content":"SMS queued"},{"code":"sms_hash","_content":"0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d"}]}},"sms_log_id":987654}"#;
    let envelope = outcome(body).await.unwrap();
    let messages = envelope
        .response_details
        .and_then(|d| d.response_messages)
        .and_then(|m| m.message)
        .unwrap();
    assert_eq!(messages[1]["_content"], "0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d");
}

/// The result fields next to `response_details` are kept in `extra`: the
/// docs show no result bodies, so the payload is free-form JSON.
#[tokio::test]
async fn result_fields_next_to_response_details_are_kept() {
    let envelope = outcome(SUCCESS).await.unwrap();
    assert_eq!(envelope.extra["result"]["id"], 42, "{envelope:?}");
    let back = serde_json::to_value(&envelope).unwrap();
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(SUCCESS).unwrap()
    );
}

/// A status other than `error` is not an error, even one the spec does not
/// list; nor is a body without an envelope.
#[tokio::test]
async fn only_the_error_status_is_an_error() {
    let envelope = outcome(r#"{"response_details":{"response_status":"pending"}}"#)
        .await
        .unwrap();
    assert!(matches!(
        envelope.response_details.unwrap().response_status,
        Some(types::ResponseStatus::Unknown(_))
    ));
    let envelope = outcome("{}").await.unwrap();
    assert!(
        envelope.response_details.is_none() && envelope.extra.is_empty(),
        "{envelope:?}"
    );
}
