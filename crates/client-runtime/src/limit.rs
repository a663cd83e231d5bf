//! Client-side rate limiting: token buckets, one per named pool.
//!
//! Written here rather than taken from `governor`: governor measures time
//! with its own clocks (`quanta` or `std::time::Instant`) and waits with
//! `futures-timer`, so its waits ignore tokio's clock (no testing with
//! `tokio::time::pause`) and bring a second timer thread and about ten more
//! crates. The generic cell rate algorithm below is thirty lines over
//! `tokio::time`, and the runtime needs only "wait for a slot in these
//! pools, unless that is later than the deadline".

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::time::Instant;

/// The pool every operation draws from unless [`RateLimits::route`] or
/// [`RateLimits::operation`] says otherwise.
pub const DEFAULT_POOL: &str = "default";

/// A rate: `count` requests per `period`, with bursts of up to
/// [`burst`](Self::burst) requests (by default the whole `count`).
///
/// It is enforced as a token bucket: the bucket holds `burst` tokens, each
/// request takes one, and one token comes back every `period / count`. So
/// `RateLimit::per_minute(2)` lets two requests through at once and the
/// third 30 s later. A server that counts in fixed windows may see up to
/// `count + burst − 1` requests in one window; set `burst(1)` to space every
/// request evenly instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    count: u32,
    period: Duration,
    burst: u32,
}

impl RateLimit {
    /// `count` requests per `period` (a `count` of 0 counts as 1).
    pub fn new(count: u32, period: Duration) -> Self {
        let count = count.max(1);
        Self {
            count,
            period,
            burst: count,
        }
    }

    /// `count` requests per second.
    pub fn per_second(count: u32) -> Self {
        Self::new(count, Duration::from_secs(1))
    }

    /// `count` requests per minute.
    pub fn per_minute(count: u32) -> Self {
        Self::new(count, Duration::from_secs(60))
    }

    /// `count` requests per hour.
    pub fn per_hour(count: u32) -> Self {
        Self::new(count, Duration::from_secs(3600))
    }

    /// How many requests may go at once after a quiet spell (default: the
    /// whole `count`; 0 counts as 1).
    pub fn burst(mut self, burst: u32) -> Self {
        self.burst = burst.max(1);
        self
    }

    /// Time for one token to come back.
    fn interval(&self) -> Duration {
        self.period / self.count
    }
}

/// Operation id → pool names.
type Route = dyn Fn(&str) -> &'static [&'static str] + Send + Sync;

/// The rate limits of one client: named pools, and which pools each
/// operation draws from.
///
/// ```
/// use client_runtime::{RateLimit, RateLimits};
/// // VoiceMeUp-style: an hourly pool per kind of request.
/// let limits = RateLimits::new()
///     .pool("default", RateLimit::per_minute(120))
///     .pool("sms", RateLimit::per_hour(300))
///     .route(|operation_id| match operation_id {
///         "send_sms" | "send_mms" => &["default", "sms"],
///         _ => &["default"],
///     });
/// ```
///
/// An operation with no route draws from [`DEFAULT_POOL`] if that pool
/// exists; pool names that were never defined are ignored.
#[derive(Clone, Default)]
pub struct RateLimits {
    pools: Vec<(Cow<'static, str>, RateLimit)>,
    table: HashMap<Cow<'static, str>, &'static [&'static str]>,
    route: Option<Arc<Route>>,
}

impl RateLimits {
    /// No pools: nothing is limited until one is added.
    pub fn new() -> Self {
        Self::default()
    }

    /// One pool, [`DEFAULT_POOL`], for every operation.
    pub fn single(limit: RateLimit) -> Self {
        Self::new().pool(DEFAULT_POOL, limit)
    }

    /// Defines pool `name`, or changes its rate if it exists.
    pub fn pool(mut self, name: impl Into<Cow<'static, str>>, limit: RateLimit) -> Self {
        let name = name.into();
        match self.pools.iter_mut().find(|(n, _)| *n == name) {
            Some((_, l)) => *l = limit,
            None => self.pools.push((name, limit)),
        }
        self
    }

    /// Removes pool `name`: operations routed to it are no longer limited by it.
    pub fn without_pool(mut self, name: &str) -> Self {
        self.pools.retain(|(n, _)| n != name);
        self
    }

    /// Chooses the pools of each operation by its id (the OpenAPI
    /// `operationId`). Entries added with [`operation`](Self::operation) win.
    pub fn route(
        mut self,
        route: impl Fn(&str) -> &'static [&'static str] + Send + Sync + 'static,
    ) -> Self {
        self.route = Some(Arc::new(route));
        self
    }

    /// Routes one operation to `pools`, a table entry that overrides
    /// [`route`](Self::route).
    pub fn operation(
        mut self,
        operation_id: impl Into<Cow<'static, str>>,
        pools: &'static [&'static str],
    ) -> Self {
        self.table.insert(operation_id.into(), pools);
        self
    }

    /// The pools `operation_id` draws from.
    pub fn pools_for(&self, operation_id: &str) -> &'static [&'static str] {
        if let Some(pools) = self.table.get(operation_id) {
            return pools;
        }
        match &self.route {
            Some(route) => route(operation_id),
            None => &[DEFAULT_POOL],
        }
    }

    /// Whether no pool is defined.
    pub fn is_empty(&self) -> bool {
        self.pools.is_empty()
    }
}

impl fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RateLimits")
            .field("pools", &self.pools)
            .field("table", &self.table)
            .field("route", &self.route.as_ref().map(|_| "<fn>"))
            .finish()
    }
}

/// The live buckets built from a [`RateLimits`], shared by clones.
#[derive(Clone, Debug)]
pub(crate) struct Limiter {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: RateLimits,
    buckets: Vec<(Cow<'static, str>, Mutex<Bucket>)>,
}

/// One token bucket, kept as a GCRA "theoretical arrival time".
#[derive(Debug)]
struct Bucket {
    interval: Duration,
    /// How far `tat` may run ahead of now: `(burst − 1) × interval`.
    tolerance: Duration,
    tat: Option<Instant>,
}

impl Bucket {
    /// The earliest time a request may go.
    fn earliest(&self, now: Instant) -> Instant {
        match self.tat {
            Some(tat) => tat.checked_sub(self.tolerance).map_or(now, |t| t.max(now)),
            None => now,
        }
    }

    /// Books the slot at `at` (no earlier than [`earliest`](Self::earliest)).
    fn take(&mut self, at: Instant) {
        let base = self.tat.map_or(at, |tat| tat.max(at));
        self.tat = Some(base + self.interval);
    }
}

impl Limiter {
    pub(crate) fn new(config: RateLimits) -> Self {
        let buckets = config
            .pools
            .iter()
            .map(|(name, limit)| {
                let interval = limit.interval();
                let bucket = Bucket {
                    interval,
                    tolerance: interval.saturating_mul(limit.burst - 1),
                    tat: None,
                };
                (name.clone(), Mutex::new(bucket))
            })
            .collect();
        Self {
            inner: Arc::new(Inner { config, buckets }),
        }
    }

    /// Waits for a slot in every pool of `operation_id`. When the slot is
    /// not before `deadline`, takes nothing and fails at once with the wait
    /// it would have needed.
    pub(crate) async fn acquire(
        &self,
        operation_id: &str,
        deadline: Option<Instant>,
    ) -> Result<(), LocalRateLimit> {
        let names = self.inner.config.pools_for(operation_id);
        let at = {
            // Locks in definition order, so concurrent callers cannot deadlock.
            let mut held: Vec<(&str, MutexGuard<'_, Bucket>)> = self
                .inner
                .buckets
                .iter()
                .filter(|(name, _)| names.contains(&name.as_ref()))
                .map(|(name, b)| (name.as_ref(), b.lock().unwrap_or_else(|e| e.into_inner())))
                .collect();
            let now = Instant::now();
            let mut at = now;
            let mut slowest = "";
            for (name, bucket) in &held {
                let earliest = bucket.earliest(now);
                if earliest > at {
                    at = earliest;
                    slowest = name;
                }
            }
            if deadline.is_some_and(|d| at >= d) {
                return Err(LocalRateLimit {
                    pool: slowest.to_owned(),
                    wait: at - now,
                });
            }
            for (_, bucket) in &mut held {
                bucket.take(at);
            }
            at
        };
        if at > Instant::now() {
            tracing::debug!(
                wait_ms = u64::try_from((at - Instant::now()).as_millis()).unwrap_or(u64::MAX),
                "waiting for the client-side rate limit"
            );
            tokio::time::sleep_until(at).await;
        }
        Ok(())
    }
}

/// The client-side rate limit allows no request before the call's deadline.
///
/// [`Runtime::exec`](crate::Runtime::exec) then fails at once with
/// [`SendError::RateLimited`](crate::SendError::RateLimited) holding this
/// value; [`Error`](crate::Error) turns it into
/// [`Error::RateLimited`](crate::Error::RateLimited) with `local` set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalRateLimit {
    pool: String,
    wait: Duration,
}

impl LocalRateLimit {
    /// The pool that is exhausted.
    pub fn pool(&self) -> &str {
        &self.pool
    }

    /// How long until that pool allows the request.
    pub fn wait(&self) -> Duration {
        self.wait
    }
}

impl fmt::Display for LocalRateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "client-side rate limit `{}` allows the next request in {:.1} s, after the call's deadline",
            self.pool,
            self.wait.as_secs_f64()
        )
    }
}

impl std::error::Error for LocalRateLimit {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn buckets_allow_a_burst_then_pace() {
        let limiter = Limiter::new(RateLimits::single(RateLimit::per_minute(2)));
        let start = Instant::now();
        let mut at = Vec::new();
        for _ in 0..5 {
            limiter.acquire("op", None).await.unwrap();
            at.push((Instant::now() - start).as_secs());
        }
        assert_eq!(at, [0, 0, 30, 60, 90]);

        // Idle long enough and the full burst is back.
        tokio::time::sleep(Duration::from_secs(600)).await;
        let again = Instant::now();
        limiter.acquire("op", None).await.unwrap();
        limiter.acquire("op", None).await.unwrap();
        assert_eq!(Instant::now(), again);
    }

    #[tokio::test(start_paused = true)]
    async fn operations_draw_from_their_pools_and_clones_share_them() {
        let limits = RateLimits::new()
            .pool("default", RateLimit::per_minute(1))
            .pool("sms", RateLimit::per_hour(1))
            .route(|op| {
                if op == "send_sms" {
                    &["default", "sms"]
                } else {
                    &["default"]
                }
            })
            .operation("status", &[]);
        assert_eq!(limits.pools_for("send_sms"), ["default", "sms"]);
        assert!(limits.pools_for("status").is_empty());
        let a = Limiter::new(limits);
        let b = a.clone();
        let start = Instant::now();
        a.acquire("send_sms", None).await.unwrap();
        b.acquire("list", None).await.unwrap();
        assert_eq!(Instant::now() - start, Duration::from_secs(60));
        b.acquire("status", None).await.unwrap();
        assert_eq!(Instant::now() - start, Duration::from_secs(60));

        // The hourly pool cannot serve before a 2-minute deadline: fail at
        // once, without taking a slot from the per-minute pool.
        let deadline = Instant::now() + Duration::from_secs(120);
        let err = a.acquire("send_sms", Some(deadline)).await.unwrap_err();
        assert_eq!(err.pool(), "sms");
        assert_eq!(err.wait(), Duration::from_secs(3540));
        assert_eq!(Instant::now() - start, Duration::from_secs(60));
        a.acquire("send_sms", None).await.unwrap();
        assert_eq!(Instant::now() - start, Duration::from_secs(3600));
    }

    #[test]
    fn burst_one_spaces_requests_evenly() {
        let limit = RateLimit::per_hour(100).burst(0);
        assert_eq!(limit.burst, 1);
        assert_eq!(limit.interval(), Duration::from_secs(36));
        assert_eq!(RateLimit::new(0, Duration::from_secs(1)).count, 1);
    }
}
