#![doc = include_str!("../README.md")]

// Generated code follows progenitor's conventions, not this workspace's lints.
#[rustfmt::skip]
#[allow(missing_debug_implementations, reason = "generated builders and mocks")]
#[allow(clippy::all, reason = "generated code")]
mod generated;

use client_runtime::{Auth, ClientBuilder, Secret, paging};
use futures_core::Stream;

pub use client_runtime::{BuildError, UnknownValue};
pub use generated::{ByteStream, Client, ResponseValue, builder, types};

#[cfg(feature = "mock")]
pub use generated::mock;

/// The error every operation returns: transport failures, undecodable
/// responses, and PortSIP's own error body (`{"errors": [...]}`) on 4XX.
pub type Error = progenitor_client::Error<types::ErrorBody>;

/// Largest page size PortSIP accepts for list operations (`top`).
pub const MAX_PAGE_SIZE: u32 = 100;

impl Client {
    /// A client for the PBX at `base_url` (for example
    /// `https://pbx.example.com:8887/api`) that authenticates with a bearer
    /// `token`, with default timeouts.
    pub fn new(base_url: &str, token: impl Into<Secret>) -> Result<Self, BuildError> {
        Self::builder(base_url, token).build()
    }

    /// A builder to set timeouts or supply your own `reqwest::Client`.
    pub fn builder(base_url: &str, token: impl Into<Secret>) -> ClientBuilder<Self> {
        ClientBuilder::new(base_url, Auth::bearer(token))
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.baseurl
    }
}

impl<'a> builder::ListHolidays<'a> {
    /// Every holiday matching the builder's `filter`, `search` and
    /// `orderby`, fetched page by page with `skip`/`top` (which the stream
    /// sets itself).
    pub fn stream(self) -> impl Stream<Item = Result<types::Holiday, Error>> + 'a {
        paging::offset_stream(MAX_PAGE_SIZE, move |skip, top| {
            let page = self.clone().skip(skip_param(skip)).top(top_param(top));
            async move {
                let list = page.send().await?.into_inner();
                Ok(paging::Page {
                    items: list.items,
                    total: list.count.and_then(|c| u64::try_from(c).ok()),
                })
            }
        })
    }
}

impl<'a> builder::ListCallRates<'a> {
    /// Every call rate matching the builder's `filter`, `search` and
    /// `orderby`, fetched page by page with `skip`/`top` (which the stream
    /// sets itself).
    pub fn stream(self) -> impl Stream<Item = Result<types::CallRate, Error>> + 'a {
        paging::offset_stream(MAX_PAGE_SIZE, move |skip, top| {
            let page = self.clone().skip(skip_param(skip)).top(top_param(top));
            async move {
                let list = page.send().await?.into_inner();
                Ok(paging::Page {
                    items: list.items,
                    total: list.count.and_then(|c| u64::try_from(c).ok()),
                })
            }
        })
    }
}

/// `skip` is an `int32` on the wire; a list longer than that cannot be paged.
fn skip_param(skip: u64) -> i32 {
    i32::try_from(skip).unwrap_or(i32::MAX)
}

fn top_param(top: u32) -> i32 {
    i32::try_from(top).unwrap_or(i32::MAX)
}
