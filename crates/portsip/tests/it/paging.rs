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

/// A server that answers `skip`/`top` with `page(skip, top)` as the items
/// and `count` as the reported total.
fn faulty(
    count: Option<usize>,
    page: impl Fn(usize, usize) -> Vec<usize> + Send + Sync + 'static,
) -> impl Fn(&Recorded) -> Response {
    move |request| {
        let skip: usize = request.query("skip").unwrap().parse().unwrap();
        let top: usize = request.query("top").unwrap().parse().unwrap();
        let items: Vec<_> = page(skip, top)
            .into_iter()
            .map(|i| json!({"id": format!("h{i:03}")}))
            .collect();
        Response::json(200, json!({"count": count, "items": items}).to_string())
    }
}

/// Streams the holidays of `server` with `paging`: the ids received and
/// the error that ended the stream, if any.
async fn walk(
    server: &TestServer,
    paging: portsip::Paging,
) -> (Vec<String>, Option<portsip::Error>) {
    let results: Vec<_> = client(server)
        .list_holidays()
        .stream_with(paging)
        .collect()
        .await;
    let mut ids = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok(h) => ids.push(h.id.unwrap()),
            Err(e) => {
                assert_eq!(i, ids.len(), "the error is the last item");
                return (ids, Some(e));
            }
        }
    }
    (ids, None)
}

fn ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("h{i:03}")).collect()
}

/// The `(skip, top)` of every request, as numbers.
fn skips(server: &TestServer) -> Vec<usize> {
    server
        .requests()
        .iter()
        .map(|r| {
            assert_eq!(r.query("top").as_deref(), Some("100"));
            r.query("skip").unwrap().parse().unwrap()
        })
        .collect()
}

fn paging_error(error: Option<portsip::Error>) -> portsip::PagingError {
    match error {
        Some(portsip::Error::Paging(e)) => e,
        other => panic!("expected a paging error, got {other:?}"),
    }
}

/// A short page ends the stream even when the count is missing.
#[tokio::test]
async fn a_short_page_ends_the_stream_without_a_count() {
    let server = TestServer::start(faulty(None, |skip, top| {
        (skip..(skip + top).min(150)).collect()
    }))
    .await;
    let (got, error) = walk(&server, Default::default()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(got, ids(0..150));
    assert_eq!(skips(&server), [0, 100]);
}

/// An empty page ends the stream, even before the reported count.
#[tokio::test]
async fn an_empty_page_ends_the_stream() {
    let server = TestServer::start(faulty(Some(500), |skip, top| {
        (skip..(skip + top).min(200)).collect()
    }))
    .await;
    let (got, error) = walk(&server, Default::default()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(got, ids(0..200));
    assert_eq!(skips(&server), [0, 100, 200]);
}

/// A full page that reaches the count ends the stream with no extra request.
#[tokio::test]
async fn the_count_ends_the_stream_after_a_full_page() {
    let server = TestServer::start(faulty(Some(200), |skip, top| {
        (skip..(skip + top).min(200)).collect()
    }))
    .await;
    let (got, error) = walk(&server, Default::default()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(got, ids(0..200));
    assert_eq!(skips(&server), [0, 100]);
}

/// A server that ignores `skip` sends the first page again: the stream
/// yields it once and then fails, instead of looping.
#[tokio::test]
async fn a_server_ignoring_skip_ends_the_stream_with_an_error() {
    let server = TestServer::start(faulty(Some(1000), |_, top| (0..top).collect())).await;
    let (got, error) = walk(&server, Default::default()).await;
    assert_eq!(got, ids(0..100));
    let error = error.unwrap();
    assert_eq!(
        error.to_string(),
        "paging stopped: page at offset 100 repeats the previous page: the server seems to ignore `skip`"
    );
    let e = paging_error(Some(error));
    assert_eq!(e.kind, portsip::PagingErrorKind::RepeatedPage);
    assert_eq!((e.offset, e.offset_param), (100, "skip"));
    assert_eq!(skips(&server), [0, 100]);
}

/// A server that honours `skip` once and then starts over.
#[tokio::test]
async fn the_first_page_again_is_an_error() {
    let server = TestServer::start(faulty(Some(1000), |skip, top| {
        let start = if skip >= 200 { 0 } else { skip };
        (start..start + top).collect()
    }))
    .await;
    let (got, error) = walk(&server, Default::default()).await;
    assert_eq!(got, ids(0..200));
    let e = paging_error(error);
    assert_eq!(e.kind, portsip::PagingErrorKind::FirstPageAgain);
    assert_eq!(e.offset, 200);
}

/// A server that reads `skip` as a page number sends items already seen.
#[tokio::test]
async fn items_already_seen_are_an_error() {
    let server = TestServer::start(faulty(None, |skip, top| {
        let start = skip / top;
        (start..start + top).collect()
    }))
    .await;
    let (got, error) = walk(&server, Default::default()).await;
    assert_eq!(got, ids(0..100));
    let e = paging_error(error);
    assert_eq!(e.kind, portsip::PagingErrorKind::SeenItem);
    assert_eq!(e.offset, 100);
}

/// A server that ignores `top` and sends everything from `skip` on is read
/// once, without gaps.
#[tokio::test]
async fn a_server_ignoring_top_is_read_once() {
    let server = TestServer::start(faulty(None, |skip, _| (skip..TOTAL).collect())).await;
    let (got, error) = walk(&server, Default::default()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(got, ids(0..TOTAL));
    assert_eq!(skips(&server), [0, TOTAL]);
}

/// A list without end stops at the page cap with an error, not silently.
#[tokio::test]
async fn the_page_cap_ends_an_endless_list_with_an_error() {
    let server = TestServer::start(faulty(None, |skip, top| (skip..skip + top).collect())).await;
    let paging = portsip::Paging::new().max_pages(3);
    let (got, error) = walk(&server, paging).await;
    assert_eq!(got, ids(0..300));
    let e = paging_error(error);
    assert_eq!(
        e.kind,
        portsip::PagingErrorKind::TooManyPages { max_pages: 3 }
    );
    assert_eq!(e.offset, 300);
    assert_eq!(skips(&server), [0, 100, 200]);
}

/// The generated rustdoc states the runtime's default cap.
#[test]
fn the_documented_default_cap_is_the_runtime_one() {
    assert_eq!(portsip::Paging::DEFAULT_MAX_PAGES, 10_000);
    // Both areas have paged operations; each file of builders says it.
    for builder in [
        include_str!("../../src/generated/builder/billing.rs"),
        include_str!("../../src/generated/builder/tenant.rs"),
    ] {
        assert!(builder.contains("(10,000 by default; see [`stream_with`]"));
    }
}
