//! Redirects: a redirect to another origin is not followed, so no credential
//! of any kind (and no `Referer`) reaches it; a redirect within the origin
//! is followed with the credentials; a client of the caller's own that does
//! follow across origins gets its answer refused. Two loopback servers on
//! two ports are two origins.

use std::error::Error as _;

use base64::Engine as _;
use client_runtime::{
    Auth, CrossOriginRedirect, Error, MAX_REDIRECTS, OperationInfo, Redacted, Runtime, Secret,
    SendError,
};
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use test_support::redirect::{
    OTHER_ORIGIN_BODY, STATUSES, assert_untouched, carries, cross_origin, same_origin,
};
use test_support::trace::capture;
use test_support::{Response, TestServer};

/// Every credential below contains this, so one search finds them all
/// (except the base64 form of a Basic credential, searched for apart).
const MARK: &str = "SECRET";

/// Each kind of credential the provider crates use: PortSIP's bearer
/// token, Skyetel's header pair, VoiceMeUp's query credentials, Basic,
/// CALLR's `Api-Key` and `Session` values. Returns the name, the
/// credentials and what must never reach another origin.
fn kinds() -> Vec<(&'static str, Auth, Vec<String>)> {
    let basic = base64::engine::general_purpose::STANDARD.encode("login-1:pw-SECRET-4");
    let header = |value: &str| Auth::Headers(vec![(AUTHORIZATION, Secret::new(value))]);
    vec![
        ("bearer", Auth::bearer("bearer-SECRET-1"), vec![MARK.into()]),
        (
            "x-auth headers",
            Auth::Headers(vec![
                (
                    HeaderName::from_static("x-auth-sid"),
                    Secret::new("sid-SECRET-2"),
                ),
                (
                    HeaderName::from_static("x-auth-secret"),
                    Secret::new("secret-SECRET-2"),
                ),
            ]),
            vec![MARK.into()],
        ),
        (
            "query",
            Auth::Query(vec![
                ("username".into(), Secret::new("user-SECRET-3")),
                ("auth_token".into(), Secret::new("token-SECRET-3")),
            ]),
            vec![MARK.into()],
        ),
        (
            "basic",
            Auth::basic("login-1", "pw-SECRET-4"),
            vec![MARK.into(), basic],
        ),
        ("api-key", header("Api-Key key-SECRET-5"), vec![MARK.into()]),
        (
            "session",
            header("Session session-SECRET-6"),
            vec![MARK.into()],
        ),
    ]
}

/// A runtime with `auth`, no retries, and CALLR's `CALLR-Login-As` as an
/// extra header (which must not reach another origin either).
fn runtime(auth: Auth) -> Runtime {
    Runtime::new(auth)
        .with_retry(client_runtime::RetryPolicy::none())
        .with_header(
            HeaderName::from_static("callr-login-as"),
            HeaderValue::from_static("user.login sub-SECRET-7"),
        )
}

/// The HTTP client the generated clients build.
fn http() -> reqwest::Client {
    client_runtime::http_client_builder()
        .unwrap()
        .no_proxy()
        .build()
        .unwrap()
}

const BODY: &str = r#"{"a":1}"#;

async fn send(
    rt: &Runtime,
    http: &reqwest::Client,
    method: Method,
    url: &str,
) -> Result<client_runtime::Response, SendError> {
    let mut request = reqwest::Request::new(method.clone(), url.parse().unwrap());
    if method == Method::POST {
        *request.body_mut() = Some(BODY.into());
    }
    let info = OperationInfo {
        operation_id: "redirects",
    };
    rt.pre(&mut request, &info);
    rt.exec(http, request, &info).await
}

/// The reqwest error of a transport failure.
#[track_caller]
fn transport(err: SendError) -> reqwest::Error {
    match err {
        SendError::Transport(e) => e,
        other => panic!("not a transport error: {other:?}"),
    }
}

fn strs(secrets: &[String]) -> Vec<&str> {
    secrets.iter().map(String::as_str).collect()
}

#[tokio::test]
async fn no_credential_or_referer_reaches_another_origin() {
    let (log, _guard) = capture();
    let http = http();
    for status in STATUSES {
        for (kind, auth, secrets) in kinds() {
            for method in [Method::GET, Method::POST] {
                let what = format!("{status} {kind} {method}");
                let (api, other) = cross_origin(status, Response::json(200, "{}")).await;
                let rt = runtime(auth.clone());
                let response = send(&rt, &http, method, &api.url("/v1/x?page=1"))
                    .await
                    .unwrap_or_else(|e| panic!("{what}: {e:?}"));
                // The redirect itself comes back, not followed.
                assert_eq!(response.status().as_u16(), status, "{what}");
                assert_untouched(&other, &strs(&secrets));
                // The credentials did go to the API.
                assert!(carries(&api.single_request(), &strs(&secrets)), "{what}");

                // The generated code turns it into an error status that
                // says what happened.
                let err = Error::<()>::from_progenitor(
                    client_runtime::support::Error::UnexpectedResponse(response),
                )
                .await;
                assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{what}");
                let shown = format!("{err} {err:?}");
                assert!(shown.contains("redirect"), "{what}: {shown}");
                assert!(!shown.contains(MARK), "{what}: {shown}");
            }
        }
    }
    assert!(!log.text().contains(MARK), "{}", log.text());
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_the_credentials() {
    let http = http();
    for status in STATUSES {
        for (kind, auth, secrets) in kinds() {
            for method in [Method::GET, Method::POST] {
                let what = format!("{status} {kind} {method}");
                let api = same_origin(status, Response::json(200, r#"{"ok":true}"#)).await;
                let rt = runtime(auth.clone());
                let response = send(&rt, &http, method.clone(), &api.url("/v1/x?page=1"))
                    .await
                    .unwrap_or_else(|e| panic!("{what}: {e:?}"));
                assert_eq!(response.status(), StatusCode::OK, "{what}");
                assert_eq!(
                    response.into_inner().text().await.unwrap(),
                    r#"{"ok":true}"#,
                    "{what}"
                );

                let requests = api.requests();
                assert_eq!(requests.len(), 2, "{what}: {requests:#?}");
                let followed = &requests[1];
                assert_eq!(followed.path(), "/v1/x", "{what}");
                assert_eq!(followed.query("page").as_deref(), Some("1"), "{what}");
                assert!(carries(followed, &strs(&secrets)), "{what}: {followed:#?}");
                assert_eq!(followed.header("referer"), None, "{what}");
                // 307 and 308 repeat the method and body; the others turn
                // a POST into a GET without a body.
                let keeps = matches!(status, 307 | 308);
                let expected = if keeps { method.as_str() } else { "GET" };
                assert_eq!(followed.method, expected, "{what}");
                if keeps && method == Method::POST {
                    assert_eq!(followed.body, BODY.as_bytes(), "{what}");
                }
            }
        }
    }
}

#[tokio::test]
async fn redirects_within_the_origin_stop_after_the_limit() {
    let api = TestServer::start(|request| {
        Response::empty(302).header("location", &format!("{}&n=1", request.target))
    })
    .await;
    let (_, auth, _) = kinds().remove(2);
    let err = send(&runtime(auth), &http(), Method::GET, &api.url("/loop?a=1"))
        .await
        .unwrap_err();
    let err = transport(err);
    assert!(err.is_redirect(), "{err:?}");
    assert_eq!(api.requests().len(), MAX_REDIRECTS + 1);
    let shown = Redacted(&err).to_string();
    assert!(
        shown.contains(&format!("more than {MAX_REDIRECTS} redirects")),
        "{shown}"
    );
    assert!(shown.contains("auth_token=***"), "{shown}");
    assert!(!shown.contains(MARK), "{shown}");
    let err: Error = err.into();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn a_response_from_another_origin_is_refused_when_the_client_followed_it() {
    // A caller-supplied client with reqwest's redirect defaults follows the
    // redirect: the request reaches the other origin (which is why the
    // documentation asks for `http_client_builder`'s settings), but its
    // answer is not taken for the provider's. (Built from
    // `http_client_builder` all the same, for TLS: a workspace build turns
    // on reqwest's `rustls-no-provider`.)
    let own = client_runtime::http_client_builder()
        .unwrap()
        .redirect(reqwest::redirect::Policy::default())
        .referer(true)
        .no_proxy()
        .build()
        .unwrap();
    for (kind, auth, _) in kinds() {
        let (api, other) = cross_origin(307, Response::json(200, OTHER_ORIGIN_BODY)).await;
        let rt = runtime(auth);
        let err = send(&rt, &own, Method::GET, &api.url("/v1/x"))
            .await
            .unwrap_err();
        assert_eq!(other.requests().len(), 1, "{kind}");
        assert!(matches!(err, SendError::CrossOrigin(_)), "{kind}: {err:?}");
        let refusal = std::iter::successors(err.source(), |&e| e.source())
            .find_map(|e| e.downcast_ref::<CrossOriginRedirect>())
            .unwrap_or_else(|| panic!("{kind}: {err:?}"));
        assert_eq!(refusal.requested(), api.url(""), "{kind}");
        assert_eq!(refusal.reached(), other.url(""), "{kind}");
        let err: Error = err.into();
        assert!(matches!(err, Error::CrossOrigin(_)), "{kind}: {err:?}");
        let shown = format!("{err:?} {}", Redacted(&err));
        assert!(
            shown.contains("another origin") && shown.contains("http_client_builder"),
            "{kind}: {shown}"
        );
        assert!(!shown.contains(MARK), "{kind}: {shown}");
        assert!(!shown.contains(OTHER_ORIGIN_BODY), "{kind}: {shown}");
    }
}
