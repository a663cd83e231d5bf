//! Streams over every item of an offset-paged list operation.

use std::future::Future;

use futures_core::Stream;

/// One page as the stream needs it.
#[derive(Debug)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// The total number of items the server reports, if it reports one.
    pub total: Option<u64>,
}

/// Yields every item of a list, fetching pages of `page_size` with
/// `fetch(offset, limit)` until the server returns a short page, an empty
/// page, or the reported total is reached. The first error ends the stream
/// after being yielded.
pub fn offset_stream<T, E, F, Fut>(page_size: u32, fetch: F) -> impl Stream<Item = Result<T, E>>
where
    F: FnMut(u64, u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, E>>,
{
    struct State<T, F> {
        fetch: F,
        offset: u64,
        buffered: std::vec::IntoIter<T>,
        done: bool,
    }
    let page_size = page_size.max(1);
    let start = State {
        fetch,
        offset: 0,
        buffered: Vec::new().into_iter(),
        done: false,
    };
    futures_util::stream::unfold(start, move |mut s| async move {
        loop {
            if let Some(item) = s.buffered.next() {
                return Some((Ok(item), s));
            }
            if s.done {
                return None;
            }
            match (s.fetch)(s.offset, page_size).await {
                Err(e) => {
                    s.done = true;
                    return Some((Err(e), s));
                }
                Ok(page) => {
                    let n = page.items.len() as u64;
                    s.offset += n;
                    s.done = n < u64::from(page_size) || page.total.is_some_and(|t| s.offset >= t);
                    s.buffered = page.items.into_iter();
                }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::StreamExt;

    fn run<T>(f: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn walks_pages_until_a_short_page() {
        let calls = std::cell::RefCell::new(Vec::new());
        let items: Vec<Result<u64, ()>> = run(offset_stream(2, |offset, limit| {
            calls.borrow_mut().push((offset, limit));
            let items: Vec<u64> = (offset..(offset + u64::from(limit)).min(5)).collect();
            async move { Ok(Page { items, total: None }) }
        })
        .collect());
        assert_eq!(items, (0..5).map(Ok).collect::<Vec<_>>());
        assert_eq!(*calls.borrow(), vec![(0, 2), (2, 2), (4, 2)]);
    }

    #[test]
    fn stops_at_the_reported_total_and_after_an_error() {
        let n = std::cell::Cell::new(0);
        let items: Vec<Result<u32, &str>> = run(offset_stream(1, |_, _| {
            n.set(n.get() + 1);
            let k = n.get();
            async move {
                if k < 3 {
                    Ok(Page {
                        items: vec![k],
                        total: Some(10),
                    })
                } else {
                    Err("boom")
                }
            }
        })
        .collect());
        assert_eq!(items, vec![Ok(1), Ok(2), Err("boom")]);

        let exact: Vec<Result<u32, ()>> = run(offset_stream(2, |_, _| async {
            Ok(Page {
                items: vec![1, 2],
                total: Some(2),
            })
        })
        .collect());
        assert_eq!(exact, vec![Ok(1), Ok(2)]);
    }
}
