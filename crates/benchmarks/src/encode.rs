//! Bracket-heavy request encodings: through `client_runtime::encode` (what
//! the generated code calls) and by hand, producing identical strings.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use client_runtime::encode::{DeepObject, Form};
use skyetel::types::{NumberOrder, NumberOrderRequest, PageQuery};

/// Numbers in the order form body.
pub const ORDER_LEN: usize = 1_000;
/// Keys in the `filter` deepObject.
pub const FILTER_KEYS: usize = 50;

/// A Skyetel `order_phonenumbers` body ordering `n` numbers, each with its
/// expected minutes of use.
pub fn order_request(n: usize) -> NumberOrderRequest {
    let numbers = (0..n)
        .map(|i| {
            (
                format!("1509{:07}", 5_550_000 + i),
                NumberOrder {
                    extra: Default::default(),
                    mou: Some((i % 500) as i64 * 3),
                },
            )
        })
        .collect();
    NumberOrderRequest {
        extra: Default::default(),
        numbers,
    }
}

/// The form body as the generated `order_phonenumbers` encodes it:
/// `client_runtime::encode::Form::encode` (what the builder's
/// `bracket_form` calls).
pub fn order_form_runtime(body: &NumberOrderRequest) -> String {
    Form::new(body).encode().expect("form body")
}

/// The same form body written by hand: `numbers[<number>][mou]=<n>` pairs,
/// brackets percent-encoded as the form encoder does. Phone numbers are
/// digits, so nothing else needs escaping.
pub fn order_form_handwritten(body: &NumberOrderRequest) -> String {
    let mut out = String::with_capacity(body.numbers.len() * 40);
    for (number, order) in &body.numbers {
        let Some(mou) = order.mou else { continue };
        if !out.is_empty() {
            out.push('&');
        }
        let _ = write!(out, "numbers%5B{number}%5D%5Bmou%5D={mou}");
    }
    out
}

/// A paging window and a `filter` deepObject with `keys` entries, as a
/// Skyetel list call sends them (`page[limit]`, `page[offset]`,
/// `filter[<field>]`). Values include spaces, commas and non-ASCII text so
/// the encoder has escaping to do.
pub fn deep_object_input(keys: usize) -> (PageQuery, BTreeMap<String, String>) {
    let page = PageQuery {
        extra: Default::default(),
        limit: Some(100),
        offset: Some(200),
    };
    let filter = (0..keys)
        .map(|i| {
            (
                format!("field_{i:02}"),
                match i % 3 {
                    0 => format!("1509{:07}", 5_550_000 + i),
                    1 => format!("Tenant {i}, Spokane"),
                    _ => format!("café-{i}"),
                },
            )
        })
        .collect();
    (page, filter)
}

/// The query string through `client_runtime::encode::DeepObject`, one
/// `serde_urlencoded` pass per parameter as `reqwest::RequestBuilder::query`
/// makes.
pub fn deep_object_runtime(page: &PageQuery, filter: &BTreeMap<String, String>) -> String {
    let mut out = serde_urlencoded::to_string(DeepObject::new("page", page)).expect("page");
    out.push('&');
    out.push_str(&serde_urlencoded::to_string(DeepObject::new("filter", filter)).expect("filter"));
    out
}

/// The same query string by hand: the bracketed pairs written out and
/// encoded by `serde_urlencoded`, as `.query(&[(key, value), ..])` does.
pub fn deep_object_handwritten(page: &PageQuery, filter: &BTreeMap<String, String>) -> String {
    let mut pairs: Vec<(String, String)> = Vec::with_capacity(filter.len() + 2);
    if let Some(limit) = page.limit {
        pairs.push(("page[limit]".to_owned(), limit.to_string()));
    }
    if let Some(offset) = page.offset {
        pairs.push(("page[offset]".to_owned(), offset.to_string()));
    }
    for (key, value) in filter {
        pairs.push((format!("filter[{key}]"), value.clone()));
    }
    serde_urlencoded::to_string(&pairs).expect("pairs")
}
