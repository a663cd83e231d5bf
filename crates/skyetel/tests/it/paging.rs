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
