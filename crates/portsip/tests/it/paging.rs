//! `stream()` on the list operations walks every page with `skip`/`top`.

use futures_util::{StreamExt, TryStreamExt};
use portsip::types;
use serde_json::json;

use crate::support::{Recorded, Response, TestServer, client};

const TOTAL: usize = 237;

/// Answers a list request like PortSIP would for a collection of `TOTAL`
/// items made by `item(index)`.
fn pages(item: fn(usize) -> serde_json::Value) -> impl Fn(&Recorded) -> Response {
    move |request| {
        let skip: usize = request
            .query("skip")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let top: usize = request
            .query("top")
            .and_then(|s| s.parse().ok())
            .unwrap_or(100);
        let items: Vec<_> = (skip..(skip + top).min(TOTAL)).map(item).collect();
        Response::json(200, json!({"count": TOTAL, "items": items}).to_string())
    }
}

/// The `(skip, top)` of every request, and that each kept `others`.
fn paging_params(server: &TestServer, others: &[(&str, &str)]) -> Vec<(String, String)> {
    server
        .requests()
        .iter()
        .map(|r| {
            for (name, value) in others {
                assert_eq!(r.query(name).as_deref(), Some(*value), "{}", r.target);
            }
            (r.query("skip").unwrap(), r.query("top").unwrap())
        })
        .collect()
}

fn expected_params() -> Vec<(String, String)> {
    ["0", "100", "200"]
        .iter()
        .map(|skip| (skip.to_string(), "100".to_string()))
        .collect()
}

#[tokio::test]
async fn holidays_stream_walks_every_page_and_keeps_the_filter() {
    let server = TestServer::start(pages(
        |i| json!({"id": format!("h{i:03}"), "year_start": i}),
    ))
    .await;
    let client = client(&server);
    let holidays: Vec<types::Holiday> = client
        .list_holidays()
        .filter("x")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(holidays.len(), TOTAL);
    for (i, h) in holidays.iter().enumerate() {
        assert_eq!(h.id.as_deref(), Some(format!("h{i:03}").as_str()));
        assert_eq!(h.year_start, Some(i as i64));
    }
    assert_eq!(
        paging_params(&server, &[("filter", "x")]),
        expected_params()
    );
    for request in server.requests() {
        assert_eq!(request.path(), "/api/holidays");
        assert_eq!(request.header("authorization"), Some("Bearer test-token"));
    }
}

#[tokio::test]
async fn call_rates_stream_walks_every_page() {
    let server = TestServer::start(pages(
        |i| json!({"id": format!("r{i:03}"), "prefix": format!("00{i}"), "type": "MOBILE"}),
    ))
    .await;
    let client = client(&server);
    let rates: Vec<types::CallRate> = client
        .list_call_rates()
        .search("00")
        .orderby("prefix desc")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rates.len(), TOTAL);
    for (i, r) in rates.iter().enumerate() {
        assert_eq!(r.id.as_deref(), Some(format!("r{i:03}").as_str()));
        assert_eq!(r.prefix.as_deref(), Some(format!("00{i}").as_str()));
    }
    assert_eq!(
        paging_params(&server, &[("search", "00"), ("orderby", "prefix desc")]),
        expected_params()
    );
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.path() == "/api/call_rates")
    );
}

/// The stream sets `skip` and `top` itself, whatever the builder had.
#[tokio::test]
async fn stream_overrides_skip_and_top() {
    let server = TestServer::start(pages(|i| json!({"id": format!("h{i}")}))).await;
    let client = client(&server);
    let n = client
        .list_holidays()
        .skip(7)
        .top(3)
        .stream()
        .try_fold(0, |n, _| async move { Ok(n + 1) })
        .await
        .unwrap();
    assert_eq!(n, TOTAL);
    assert_eq!(paging_params(&server, &[]), expected_params());
}

#[tokio::test]
async fn an_error_page_ends_the_stream_with_the_typed_error() {
    let error = json!({"errors": [{
        "code": "invalid_filter",
        "message": "The filter expression is invalid.",
        "detail": "unknown field 'colour'",
    }]});
    let first = pages(|i| json!({"id": format!("h{i:03}")}));
    let server = TestServer::start(move |request| {
        if request.query("skip").as_deref() == Some("0") {
            first(request)
        } else {
            Response::json(400, error.to_string())
        }
    })
    .await;
    let client = client(&server);
    let results: Vec<Result<types::Holiday, portsip::Error>> = client
        .list_holidays()
        .filter("colour eq 'red'")
        .stream()
        .collect()
        .await;

    assert_eq!(
        results.len(),
        101,
        "100 items, then the error, then the end"
    );
    for (i, r) in results[..100].iter().enumerate() {
        let h = r.as_ref().expect("first page is fine");
        assert_eq!(h.id.as_deref(), Some(format!("h{i:03}").as_str()));
    }
    let Err(e) = &results[100] else {
        panic!("expected an error, got {:?}", results[100]);
    };
    assert!(
        matches!(e, portsip::Error::Status { status, body: None, .. } if *status == 400),
        "{e:?}"
    );
    let body = portsip::error_body(e).expect("the documented error list");
    assert_eq!(body.errors.len(), 1);
    assert_eq!(body.errors[0].code, "invalid_filter");
    assert_eq!(
        body.errors[0].detail.as_ref().and_then(|d| d.as_str()),
        Some("unknown field 'colour'")
    );
    let skips: Vec<_> = paging_params(&server, &[("filter", "colour eq 'red'")]);
    assert_eq!(skips, expected_params()[..2]);
}
