//! Streams over every item of an offset-paged list operation.
//!
//! A stream asks for pages of a fixed size at increasing offsets and ends
//! normally after a page shorter than asked for, an empty page, or once it
//! has yielded the total the server reports. A server that does not honour
//! the offset would otherwise make the stream loop forever, so every page
//! after the first is checked against the pages before it, and the number
//! of pages is capped ([`Paging::max_pages`]); either failure ends the
//! stream with a [`PagingError`] (as [`Error::Paging`](crate::Error::Paging)
//! in the generated clients), never with silently repeated or dropped items.

use std::fmt;
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

/// How a paging stream may run: for now, how many pages it may fetch.
///
/// `Paging::default()` allows [`Paging::DEFAULT_MAX_PAGES`] pages, which is
/// a million items at a page size of 100: far more than any list our
/// providers hold, so reaching the cap means the server keeps sending new
/// pages without end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    max_pages: u32,
}

impl Paging {
    /// The page cap of [`Paging::default`].
    pub const DEFAULT_MAX_PAGES: u32 = 10_000;

    /// The default settings.
    pub const fn new() -> Self {
        Self {
            max_pages: Self::DEFAULT_MAX_PAGES,
        }
    }

    /// Allows at most `max_pages` pages (at least one): a stream that needs
    /// another page after that many ends with
    /// [`PagingErrorKind::TooManyPages`].
    pub const fn max_pages(mut self, max_pages: u32) -> Self {
        self.max_pages = if max_pages == 0 { 1 } else { max_pages };
        self
    }

    /// The page cap.
    pub const fn page_cap(&self) -> u32 {
        self.max_pages
    }
}

impl Default for Paging {
    fn default() -> Self {
        Self::new()
    }
}

/// Why a paging stream stopped before the end of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingErrorKind {
    /// The page holds exactly the items of the previous page.
    RepeatedPage,
    /// The page starts with the first item of the first page.
    FirstPageAgain,
    /// The page starts with an item the previous page already held.
    SeenItem,
    /// The list needs more pages than the cap allows.
    TooManyPages {
        /// The cap that was reached.
        max_pages: u32,
    },
}

/// A paging stream stopped because the server's pages would not cover the
/// list exactly once; the items yielded before it are correct and unique.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PagingError {
    /// What went wrong.
    pub kind: PagingErrorKind,
    /// The offset of the page that was refused (or, for
    /// [`PagingErrorKind::TooManyPages`], not fetched).
    pub offset: u64,
    /// The wire name of the offset parameter, e.g. `skip`.
    pub offset_param: &'static str,
}

impl fmt::Display for PagingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (offset, param) = (self.offset, self.offset_param);
        match self.kind {
            PagingErrorKind::RepeatedPage => write!(
                f,
                "page at offset {offset} repeats the previous page: the server seems to ignore `{param}`"
            ),
            PagingErrorKind::FirstPageAgain => write!(
                f,
                "page at offset {offset} starts like the first page: the server seems to ignore `{param}`"
            ),
            PagingErrorKind::SeenItem => write!(
                f,
                "page at offset {offset} starts with an item of the previous page: the server \
                 seems to ignore `{param}`, or the list changed while it was read"
            ),
            PagingErrorKind::TooManyPages { max_pages } => write!(
                f,
                "stopped before the page at offset {offset}: the list needs more than \
                 {max_pages} pages (the cap is set with `Paging::max_pages`)"
            ),
        }
    }
}

impl std::error::Error for PagingError {}

/// Yields every item of a list, fetching pages of `page_size` with
/// `fetch(offset, limit)`, where `offset` is the number of items received
/// so far (so a server that sends more items than asked for is neither
/// skipped nor re-read).
///
/// The stream ends after a page shorter than `page_size`, an empty page, or
/// once the reported total is reached. It ends with a [`PagingError`]
/// (converted into `E`) when a page repeats the previous one, starts with
/// the first page's first item, or starts with an item of the previous page,
/// and before fetching more than `paging`'s page cap. `offset_param` names
/// the offset parameter in those errors. The first error ends the stream
/// after being yielded.
///
/// The checks compare items with `PartialEq`: the previous page is kept (one
/// clone per item) and each new page's first item is looked up in it.
pub fn offset_stream<T, E, F, Fut>(
    page_size: u32,
    offset_param: &'static str,
    paging: Paging,
    fetch: F,
) -> impl Stream<Item = Result<T, E>>
where
    T: Clone + PartialEq,
    E: From<PagingError>,
    F: FnMut(u64, u32) -> Fut,
    Fut: Future<Output = Result<Page<T>, E>>,
{
    struct State<T, F> {
        fetch: F,
        offset: u64,
        pages: u32,
        first: Option<T>,
        previous: Vec<T>,
        buffered: std::vec::IntoIter<T>,
        done: bool,
    }
    let page_size = page_size.max(1);
    let start = State {
        fetch,
        offset: 0,
        pages: 0,
        first: None,
        previous: Vec::new(),
        buffered: Vec::new().into_iter(),
        done: false,
    };
    let refuse = move |kind, offset| PagingError {
        kind,
        offset,
        offset_param,
    };
    futures_util::stream::unfold(start, move |mut s| async move {
        loop {
            if let Some(item) = s.buffered.next() {
                return Some((Ok(item), s));
            }
            if s.done {
                return None;
            }
            if s.pages >= paging.max_pages {
                s.done = true;
                let kind = PagingErrorKind::TooManyPages {
                    max_pages: paging.max_pages,
                };
                return Some((Err(refuse(kind, s.offset).into()), s));
            }
            s.pages += 1;
            let page = match (s.fetch)(s.offset, page_size).await {
                Err(e) => {
                    s.done = true;
                    return Some((Err(e), s));
                }
                Ok(page) => page,
            };
            let Some(head) = page.items.first() else {
                s.done = true;
                continue;
            };
            let refused = if s.previous == page.items {
                Some(PagingErrorKind::RepeatedPage)
            } else if s.first.as_ref() == Some(head) {
                Some(PagingErrorKind::FirstPageAgain)
            } else if s.previous.contains(head) {
                Some(PagingErrorKind::SeenItem)
            } else {
                None
            };
            if let Some(kind) = refused {
                s.done = true;
                return Some((Err(refuse(kind, s.offset).into()), s));
            }
            if s.first.is_none() {
                s.first = Some(head.clone());
            }
            let n = page.items.len() as u64;
            s.offset += n;
            s.done = n < u64::from(page_size) || page.total.is_some_and(|t| s.offset >= t);
            // The last page is never compared with anything, so it is not kept.
            s.previous = if s.done {
                Vec::new()
            } else {
                page.items.clone()
            };
            s.buffered = page.items.into_iter();
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

    /// The error type of these tests: a fetch failure or a paging error.
    #[derive(Debug, PartialEq)]
    enum E {
        Fetch(&'static str),
        Paging(PagingError),
    }

    impl From<PagingError> for E {
        fn from(e: PagingError) -> Self {
            E::Paging(e)
        }
    }

    fn paging_error(kind: PagingErrorKind, offset: u64) -> E {
        E::Paging(PagingError {
            kind,
            offset,
            offset_param: "skip",
        })
    }

    /// What a stream yielded, and the `(offset, limit)` of every fetch.
    type Walk = (Vec<Result<u64, E>>, Vec<(u64, u32)>);

    /// Collects a stream over `fetch(offset, limit) -> items`, with `total`.
    fn collect(
        page_size: u32,
        paging: Paging,
        total: Option<u64>,
        fetch: impl Fn(u64, u32) -> Vec<u64>,
    ) -> Walk {
        let calls = std::cell::RefCell::new(Vec::new());
        let items = run(offset_stream(page_size, "skip", paging, |offset, limit| {
            calls.borrow_mut().push((offset, limit));
            let items = fetch(offset, limit);
            async move { Ok(Page { items, total }) }
        })
        .collect());
        (items, calls.into_inner())
    }

    fn honest(len: u64) -> impl Fn(u64, u32) -> Vec<u64> {
        move |offset, limit| (offset..(offset + u64::from(limit)).min(len)).collect()
    }

    #[test]
    fn walks_pages_until_a_short_page() {
        let (items, calls) = collect(2, Paging::new(), None, honest(5));
        assert_eq!(items, (0..5).map(Ok).collect::<Vec<_>>());
        assert_eq!(calls, vec![(0, 2), (2, 2), (4, 2)]);
    }

    #[test]
    fn a_full_last_page_is_followed_by_an_empty_one() {
        let (items, calls) = collect(2, Paging::new(), None, honest(4));
        assert_eq!(items, (0..4).map(Ok).collect::<Vec<_>>());
        assert_eq!(calls, vec![(0, 2), (2, 2), (4, 2)]);
    }

    #[test]
    fn stops_at_the_reported_total_and_after_an_error() {
        let n = std::cell::Cell::new(0);
        let items: Vec<Result<u32, E>> = run(offset_stream(1, "skip", Paging::new(), |_, _| {
            n.set(n.get() + 1);
            let k = n.get();
            async move {
                if k < 3 {
                    Ok(Page {
                        items: vec![k],
                        total: Some(10),
                    })
                } else {
                    Err(E::Fetch("boom"))
                }
            }
        })
        .collect());
        assert_eq!(items, vec![Ok(1), Ok(2), Err(E::Fetch("boom"))]);

        let (exact, calls) = collect(2, Paging::new(), Some(4), honest(4));
        assert_eq!(exact, (0..4).map(Ok).collect::<Vec<_>>());
        assert_eq!(calls, vec![(0, 2), (2, 2)], "no empty page after the total");
    }

    #[test]
    fn a_server_ignoring_the_offset_is_an_error_not_a_loop() {
        // The same first page, whatever the offset.
        let (items, calls) = collect(2, Paging::new(), None, |_, _| vec![0, 1]);
        assert_eq!(
            items,
            vec![
                Ok(0),
                Ok(1),
                Err(paging_error(PagingErrorKind::RepeatedPage, 2))
            ]
        );
        assert_eq!(calls, vec![(0, 2), (2, 2)]);

        // The first page again after a good second page.
        let (items, _) = collect(2, Paging::new(), None, |offset, _| match offset {
            2 => vec![2, 3],
            _ => vec![0, 1],
        });
        assert_eq!(
            items.last(),
            Some(&Err(paging_error(PagingErrorKind::FirstPageAgain, 4)))
        );
        assert_eq!(items.len(), 5);

        // Pages that overlap: the offset is read as a page number.
        let (items, _) = collect(3, Paging::new(), None, |offset, _| {
            (offset / 3..offset / 3 + 3).collect()
        });
        assert_eq!(
            items,
            vec![
                Ok(0),
                Ok(1),
                Ok(2),
                Err(paging_error(PagingErrorKind::SeenItem, 3))
            ]
        );
    }

    #[test]
    fn a_server_sending_more_than_asked_is_neither_skipped_nor_repeated() {
        // Every item from the offset on, ignoring the limit.
        let (items, calls) = collect(2, Paging::new(), None, |offset, _| (offset..7).collect());
        assert_eq!(items, (0..7).map(Ok).collect::<Vec<_>>());
        assert_eq!(calls, vec![(0, 2), (7, 2)]);

        // Ignoring the limit and the offset: the whole list twice is refused.
        let (items, _) = collect(2, Paging::new(), None, |_, _| (0..7).collect());
        assert_eq!(items.len(), 8);
        assert_eq!(
            items[7],
            Err(paging_error(PagingErrorKind::RepeatedPage, 7))
        );
    }

    #[test]
    fn the_page_cap_ends_an_endless_list_with_an_error() {
        let (items, calls) = collect(2, Paging::new().max_pages(3), None, |offset, _| {
            vec![offset, offset + 1]
        });
        assert_eq!(items.len(), 7);
        assert_eq!(
            items[6],
            Err(paging_error(
                PagingErrorKind::TooManyPages { max_pages: 3 },
                6
            ))
        );
        assert_eq!(calls.len(), 3);

        // A list that fits the cap exactly ends normally.
        let (items, calls) = collect(2, Paging::new().max_pages(3), Some(6), honest(6));
        assert_eq!(items, (0..6).map(Ok).collect::<Vec<_>>());
        assert_eq!(calls.len(), 3);
        assert_eq!(Paging::new().max_pages(0).page_cap(), 1);
        assert_eq!(Paging::default().page_cap(), Paging::DEFAULT_MAX_PAGES);
    }

    #[test]
    fn messages_say_what_the_server_did() {
        let e = PagingError {
            kind: PagingErrorKind::RepeatedPage,
            offset: 200,
            offset_param: "skip",
        };
        assert_eq!(
            e.to_string(),
            "page at offset 200 repeats the previous page: the server seems to ignore `skip`"
        );
        let e = PagingError {
            kind: PagingErrorKind::TooManyPages { max_pages: 5 },
            offset: 500,
            offset_param: "page[offset]",
        };
        assert_eq!(
            e.to_string(),
            "stopped before the page at offset 500: the list needs more than 5 pages (the cap is set with `Paging::max_pages`)"
        );
    }
}
