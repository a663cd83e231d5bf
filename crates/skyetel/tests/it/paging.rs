//! `stream()` on the list operations walks every page with
//! `page[offset]`/`page[limit]`, keeping the other parameters.

use futures_util::{StreamExt as _, TryStreamExt as _};
use serde_json::json;
use skyetel::types;

use crate::support::{Recorded, Response, SECRET, SID, TestServer, client};

/// Items in the collection the server pretends to hold: 100, 100, then 5.
const TOTAL: usize = 205;

fn number(i: usize) -> serde_json::Value {
    json!({"id": i, "number": format!("1509{i:07}"), "tn_format": 10})
}

fn offset_and_limit(request: &Recorded) -> (usize, usize) {
    let offset = request.query("page[offset]").expect("page[offset]");
    let limit = request.query("page[limit]").expect("page[limit]");
    (offset.parse().unwrap(), limit.parse().unwrap())
}

/// Answers a list request like Skyetel would for `TOTAL` phone numbers: a
/// bare array, with no total.
fn pages(request: &Recorded) -> Response {
    let (offset, limit) = offset_and_limit(request);
    let items: Vec<_> = (offset..(offset + limit).min(TOTAL)).map(number).collect();
    Response::json(200, serde_json::Value::from(items).to_string())
}

/// The `(offset, limit)` of every request, checking that each kept the
/// query filter and the credentials and asked for the right path.
fn paging(server: &TestServer, query: &str) -> Vec<(usize, usize)> {
    server
        .requests()
        .iter()
        .map(|r| {
            assert_eq!(r.path(), "/v1/phonenumbers");
            assert_eq!(
                r.query("filter[query]").as_deref(),
                Some(query),
                "{}",
                r.target
            );
            assert_eq!(r.header("x-auth-sid"), Some(SID));
            assert_eq!(r.header("x-auth-secret"), Some(SECRET));
            offset_and_limit(r)
        })
        .collect()
}

#[tokio::test]
async fn phonenumbers_stream_walks_every_page_and_keeps_the_filter() {
    let server = TestServer::start(pages).await;
    let numbers: Vec<types::PhoneNumber> = client(&server)
        .list_phonenumbers()
        .filter_query("509")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(numbers.len(), TOTAL);
    for (i, n) in numbers.iter().enumerate() {
        assert_eq!(n.id, Some(i as i64));
        assert_eq!(n.number, Some(format!("1509{i:07}")));
        assert_eq!(n.tn_format, Some(types::TnFormat::TenDigits));
    }
    assert_eq!(paging(&server, "509"), [(0, 100), (100, 100), (200, 100)]);
}

/// The stream sets the paging parameters itself, whatever the builder had,
/// and keeps the sort and include lists on every page.
#[tokio::test]
async fn stream_overrides_the_builder_paging() {
    let server = TestServer::start(pages).await;
    let n = client(&server)
        .list_phonenumbers()
        .filter_query("1509")
        .sort(vec!["-id".to_string()])
        .include(vec!["message_destination".to_string()])
        .page_limit(7)
        .page_offset(3)
        .stream()
        .try_fold(0, |n, _| async move { Ok(n + 1) })
        .await
        .unwrap();
    assert_eq!(n, TOTAL);
    assert_eq!(paging(&server, "1509"), [(0, 100), (100, 100), (200, 100)]);
    for r in server.requests() {
        assert_eq!(r.query_all("sort"), ["-id"]);
        assert_eq!(r.query_all("include"), ["message_destination"]);
        assert_eq!(r.query_all("page[limit]").len(), 1, "{}", r.target);
        assert_eq!(r.query_all("page[offset]").len(), 1, "{}", r.target);
    }
}

/// A full last page needs one more, empty, page to end the stream.
#[tokio::test]
async fn a_full_last_page_is_followed_by_an_empty_one() {
    let server = TestServer::start(|request| {
        let (offset, _) = offset_and_limit(request);
        let items: Vec<_> = (offset..(offset + 100).min(200)).map(number).collect();
        Response::json(200, serde_json::Value::from(items).to_string())
    })
    .await;
    let numbers: Vec<types::PhoneNumber> = client(&server)
        .list_phonenumbers()
        .filter_query("509")
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(numbers.len(), 200);
    assert_eq!(paging(&server, "509"), [(0, 100), (100, 100), (200, 100)]);
}

#[tokio::test]
async fn an_error_page_ends_the_stream_with_the_typed_error() {
    let server = TestServer::start(|request| {
        if request.query("page[offset]").as_deref() == Some("0") {
            pages(request)
        } else {
            Response::json(
                403,
                r#"{"ERROR": "Your API key may not list phone numbers"}"#,
            )
        }
    })
    .await;
    let results: Vec<Result<types::PhoneNumber, skyetel::Error>> = client(&server)
        .list_phonenumbers()
        .filter_query("509")
        .stream()
        .collect()
        .await;

    assert_eq!(
        results.len(),
        101,
        "100 items, then the error, then the end"
    );
    for (i, r) in results[..100].iter().enumerate() {
        let n = r.as_ref().expect("the first page is fine");
        assert_eq!(n.id, Some(i as i64));
    }
    match &results[100] {
        Err(skyetel::Error::Status {
            status,
            body: Some(body),
            ..
        }) => {
            assert_eq!(*status, 403);
            assert_eq!(
                body.error.as_deref(),
                Some("Your API key may not list phone numbers")
            );
        }
        other => panic!("expected a typed 403, got {other:?}"),
    }
    // The error is not retried, and nothing is asked after it.
    assert_eq!(paging(&server, "509"), [(0, 100), (100, 100)]);
}

/// A server that answers `page[offset]`/`page[limit]` with the phone
/// numbers `page(offset, limit)`, as a bare array (Skyetel reports no total).
fn faulty(
    page: impl Fn(usize, usize) -> Vec<usize> + Send + Sync + 'static,
) -> impl Fn(&Recorded) -> Response {
    move |request| {
        let (offset, limit) = offset_and_limit(request);
        let items: Vec<_> = page(offset, limit).into_iter().map(number).collect();
        Response::json(200, serde_json::Value::from(items).to_string())
    }
}

/// Streams the phone numbers of `server` with `paging`: the ids received
/// and the error that ended the stream, if any.
async fn walk(server: &TestServer, paging: skyetel::Paging) -> (Vec<i64>, Option<skyetel::Error>) {
    let results: Vec<_> = client(server)
        .list_phonenumbers()
        .filter_query("509")
        .stream_with(paging)
        .collect()
        .await;
    let mut ids = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Ok(n) => ids.push(n.id.unwrap()),
            Err(e) => {
                assert_eq!(i, ids.len(), "the error is the last item");
                return (ids, Some(e));
            }
        }
    }
    (ids, None)
}

fn ids(range: std::ops::Range<i64>) -> Vec<i64> {
    range.collect()
}

fn offsets(server: &TestServer) -> Vec<usize> {
    paging(server, "509")
        .into_iter()
        .map(|(offset, limit)| {
            assert_eq!(limit, 100);
            offset
        })
        .collect()
}

fn paging_error(error: Option<skyetel::Error>) -> skyetel::PagingError {
    match error {
        Some(skyetel::Error::Paging(e)) => e,
        other => panic!("expected a paging error, got {other:?}"),
    }
}

/// Without a total, a short page ends the stream.
#[tokio::test]
async fn a_short_page_ends_the_stream() {
    let server = TestServer::start(faulty(|o, l| (o..(o + l).min(150)).collect())).await;
    let (got, error) = walk(&server, Default::default()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(got, ids(0..150));
    assert_eq!(offsets(&server), [0, 100]);
}

/// A server that ignores `page[offset]` sends the first page again.
#[tokio::test]
async fn a_server_ignoring_the_offset_ends_the_stream_with_an_error() {
    let server = TestServer::start(faulty(|_, l| (0..l).collect())).await;
    let (got, error) = walk(&server, Default::default()).await;
    assert_eq!(got, ids(0..100));
    let error = error.unwrap();
    assert_eq!(
        error.to_string(),
        "paging stopped: page at offset 100 repeats the previous page: the server seems to ignore `page[offset]`"
    );
    let e = paging_error(Some(error));
    assert_eq!(e.kind, skyetel::PagingErrorKind::RepeatedPage);
    assert_eq!((e.offset, e.offset_param), (100, "page[offset]"));
    assert_eq!(offsets(&server), [0, 100]);
}

/// A server that honours the offset for two pages, then starts over.
#[tokio::test]
async fn the_first_page_again_is_an_error() {
    let server = TestServer::start(faulty(|o, l| {
        let start = if o >= 200 { 0 } else { o };
        (start..start + l).collect()
    }))
    .await;
    let (got, error) = walk(&server, Default::default()).await;
    assert_eq!(got, ids(0..200));
    let e = paging_error(error);
    assert_eq!(e.kind, skyetel::PagingErrorKind::FirstPageAgain);
    assert_eq!(e.offset, 200);
}

/// A server that reads the offset as a page number sends items already seen.
#[tokio::test]
async fn items_already_seen_are_an_error() {
    let server = TestServer::start(faulty(|o, l| (o / l..o / l + l).collect())).await;
    let (got, error) = walk(&server, Default::default()).await;
    assert_eq!(got, ids(0..100));
    let e = paging_error(error);
    assert_eq!(e.kind, skyetel::PagingErrorKind::SeenItem);
    assert_eq!(e.offset, 100);
}

/// A server that ignores `page[limit]` and sends everything from the
/// offset on is read once, without gaps.
#[tokio::test]
async fn a_server_ignoring_the_limit_is_read_once() {
    let server = TestServer::start(faulty(|o, _| (o..TOTAL).collect())).await;
    let (got, error) = walk(&server, Default::default()).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(got, ids(0..TOTAL as i64));
    assert_eq!(offsets(&server), [0, TOTAL]);
}

/// A list without end stops at the page cap with an error, not silently.
#[tokio::test]
async fn the_page_cap_ends_an_endless_list_with_an_error() {
    let server = TestServer::start(faulty(|o, l| (o..o + l).collect())).await;
    let (got, error) = walk(&server, skyetel::Paging::new().max_pages(2)).await;
    assert_eq!(got, ids(0..200));
    let e = paging_error(error);
    assert_eq!(
        e.kind,
        skyetel::PagingErrorKind::TooManyPages { max_pages: 2 }
    );
    assert_eq!(e.offset, 200);
    assert_eq!(offsets(&server), [0, 100]);
}
