//! `search_stream()` on the `*.search` methods walks every page by setting
//! `offset` and `quantity` in the `options` parameter (`Search.Options`),
//! and ends normally or with `Error::Paging`, never in a loop.

use callr::{Error, Paging, PagingErrorKind, types};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};

use crate::support::{Recorded, Response, TestServer, body, client, rpc_result};

const TOTAL: u64 = 237;

/// The `offset` and `quantity` a request asked for.
fn page_of(request: &Recorded) -> (u64, u64) {
    let options = &body(request)["params"][1];
    (
        options["offset"].as_u64().expect("an offset"),
        options["quantity"].as_u64().expect("a quantity"),
    )
}

/// The hit at `index`.
fn hit(index: u64) -> Value {
    json!({"hash": format!("H{index:03}")})
}

/// A server holding `len` hits that answers like `Search.Results`, with
/// `total` and `has_more` when asked to report them.
fn honest(len: u64, total: bool, has_more: bool) -> impl Fn(&Recorded) -> Response {
    move |request| {
        let (offset, quantity) = page_of(request);
        let hits: Vec<Value> = (offset..(offset + quantity).min(len)).map(hit).collect();
        let mut result = json!({"hits": hits, "offset": offset});
        if total {
            result["total"] = json!(len);
        }
        if has_more {
            result["has_more"] = json!(offset + quantity < len);
        }
        rpc_result(result)
    }
}

fn options() -> types::SearchOptions {
    types::SearchOptions {
        offset: None,
        order: Some("name".into()),
        quantity: None,
        extra: Default::default(),
    }
}

fn hashes(hits: &[Value]) -> Vec<String> {
    hits.iter()
        .map(|h| h["hash"].as_str().unwrap().to_owned())
        .collect()
}

fn pages(server: &TestServer) -> Vec<(u64, u64)> {
    server.requests().iter().map(page_of).collect()
}

#[tokio::test]
async fn did_search_stream_walks_every_page_to_the_total_and_keeps_the_arguments() {
    let server = TestServer::start(honest(TOTAL, true, false)).await;
    let client = client(&server);
    let filters = types::DidSearchFilters {
        keywords: Some("paris".into()),
        ..Default::default()
    };
    let hits: Vec<Value> = client
        .did()
        .search_stream(filters, options())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        hashes(&hits),
        (0..TOTAL).map(|i| format!("H{i:03}")).collect::<Vec<_>>()
    );
    assert_eq!(pages(&server), vec![(0, 100), (100, 100), (200, 100)]);
    for request in server.requests() {
        let sent = body(&request);
        assert_eq!(sent["method"], "did.search");
        assert_eq!(sent["params"][0], json!({"KEYWORDS": "paris"}));
        assert_eq!(sent["params"][1]["order"], "name", "other options are kept");
        assert_eq!(request.header("authorization"), Some("Api-Key test-key"));
    }
}

#[tokio::test]
async fn a_reported_total_ends_the_stream_without_an_empty_page() {
    let server = TestServer::start(honest(200, true, false)).await;
    let hits: Vec<Value> = client(&server)
        .sms()
        .search_stream(Default::default(), options())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(hits.len(), 200);
    assert_eq!(pages(&server), vec![(0, 100), (100, 100)]);
}

#[tokio::test]
async fn has_more_false_ends_the_stream_without_an_empty_page() {
    let server = TestServer::start(honest(200, false, true)).await;
    let hits: Vec<Value> = client(&server)
        .apps()
        .search_stream(Default::default(), options())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(hits.len(), 200);
    assert_eq!(pages(&server), vec![(0, 100), (100, 100)]);
}

#[tokio::test]
async fn without_total_or_has_more_a_short_or_an_empty_page_ends_the_stream() {
    let server = TestServer::start(honest(150, false, false)).await;
    let hits: Vec<Value> = client(&server)
        .media_library()
        .search_stream(Default::default(), options())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(hits.len(), 150);
    assert_eq!(pages(&server), vec![(0, 100), (100, 100)], "short page");

    let server = TestServer::start(honest(200, false, false)).await;
    let hits: Vec<Value> = client(&server)
        .media_library()
        .search_stream(Default::default(), options())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(hits.len(), 200);
    assert_eq!(
        pages(&server),
        vec![(0, 100), (100, 100), (200, 100)],
        "empty page"
    );
}

/// Collects a stream up to and including its first error.
async fn until_error(
    stream: impl futures_util::Stream<Item = Result<Value, Error>>,
) -> (usize, Error) {
    let items: Vec<Result<Value, Error>> = stream.collect().await;
    let n = items.len();
    let mut items = items.into_iter();
    let Some(Err(last)) = items.next_back() else {
        panic!("the stream ended without an error after {n} items")
    };
    assert!(items.all(|i| i.is_ok()), "only the last item is an error");
    (n - 1, last)
}

fn paging_kind(e: &Error) -> (PagingErrorKind, u64) {
    match e {
        Error::Paging(p) => (p.kind, p.offset),
        other => panic!("not a paging error: {other}"),
    }
}

#[tokio::test]
async fn a_server_ignoring_the_offset_ends_the_stream_with_a_paging_error() {
    // The first page whatever the offset, with a total that never comes.
    let server = TestServer::start(|_: &Recorded| {
        rpc_result(json!({"hits": (0..100).map(hit).collect::<Vec<_>>(), "total": TOTAL, "has_more": true}))
    })
    .await;
    let (yielded, e) = until_error(
        client(&server)
            .account_sub()
            .search_stream(Default::default(), options()),
    )
    .await;
    assert_eq!(yielded, 100);
    assert_eq!(paging_kind(&e), (PagingErrorKind::RepeatedPage, 100));
    assert_eq!(
        e.to_string(),
        "paging stopped: page at offset 100 repeats the previous page: the server seems to ignore `options.offset`"
    );
    assert_eq!(server.requests().len(), 2);

    // A good second page, then the first page again.
    let server = TestServer::start(|request: &Recorded| {
        let start = if page_of(request).0 == 100 { 100 } else { 0 };
        rpc_result(
            json!({"hits": (start..start + 100).map(hit).collect::<Vec<_>>(), "has_more": true}),
        )
    })
    .await;
    let (yielded, e) = until_error(
        client(&server)
            .did()
            .search_stream(Default::default(), options()),
    )
    .await;
    assert_eq!(yielded, 200);
    assert_eq!(paging_kind(&e), (PagingErrorKind::FirstPageAgain, 200));

    // The offset read as a page number: pages overlap.
    let server = TestServer::start(|request: &Recorded| {
        let start = page_of(request).0 / 100;
        rpc_result(json!({"hits": (start..start + 100).map(hit).collect::<Vec<_>>()}))
    })
    .await;
    let (yielded, e) = until_error(
        client(&server)
            .sms()
            .search_stream(Default::default(), options()),
    )
    .await;
    assert_eq!(yielded, 100);
    assert_eq!(paging_kind(&e), (PagingErrorKind::SeenItem, 100));
}

#[tokio::test]
async fn the_page_cap_ends_an_endless_list_with_a_paging_error() {
    let server = TestServer::start(|request: &Recorded| {
        let (offset, quantity) = page_of(request);
        rpc_result(json!({"hits": (offset..offset + quantity).map(hit).collect::<Vec<_>>(), "has_more": true}))
    })
    .await;
    let (yielded, e) = until_error(client(&server).apps().search_stream_with(
        Default::default(),
        options(),
        Paging::new().max_pages(3),
    ))
    .await;
    assert_eq!(yielded, 300);
    assert_eq!(
        paging_kind(&e),
        (PagingErrorKind::TooManyPages { max_pages: 3 }, 300)
    );
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_json_rpc_error_on_a_later_page_ends_the_stream_with_it() {
    let server = TestServer::start(|request: &Recorded| {
        if page_of(request).0 == 0 {
            rpc_result(json!({"hits": (0..100).map(hit).collect::<Vec<_>>(), "has_more": true}))
        } else {
            Response::json(
                200,
                json!({"jsonrpc": "2.0", "id": 1, "error": {"code": 22, "message": "search failed"}})
                    .to_string(),
            )
        }
    })
    .await;
    let items: Vec<Result<Value, Error>> = client(&server)
        .did()
        .search_stream(Default::default(), options())
        .collect()
        .await;
    assert_eq!(items.len(), 101);
    assert!(
        matches!(items[100], Err(Error::Provider { .. })),
        "{:?}",
        items[100]
    );
}
