//! Captures `tracing` output as text, so tests can search it for secrets
//! or count events (no subscriber crate needed).

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Everything captured so far: one line per span (`span <name> k=v…`),
/// field update (`record k=v…`) and event (`event <target> k=v…`).
#[derive(Clone, Debug, Default)]
pub struct Log(Arc<Mutex<String>>);

impl Log {
    /// The captured text.
    pub fn text(&self) -> String {
        self.lock().clone()
    }

    /// How many captured lines contain `needle`.
    pub fn lines_with(&self, needle: &str) -> usize {
        self.text().lines().filter(|l| l.contains(needle)).count()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Captures the spans and events of the current thread (a
/// `#[tokio::test]` runs on one) while the guard lives.
pub fn capture() -> (Log, tracing::subscriber::DefaultGuard) {
    // Call-site interest is cached process-wide: with only thread-local
    // subscribers, a call site first reached on a thread without one can be
    // cached as "never". A global subscriber that answers "sometimes" makes
    // every call site ask the current thread's subscriber each time.
    static IDLE: std::sync::Once = std::sync::Once::new();
    IDLE.call_once(|| {
        let _ = tracing::subscriber::set_global_default(Idle);
    });
    let log = Log::default();
    let guard = tracing::subscriber::set_default(Capture {
        log: log.clone(),
        next: AtomicU64::new(1),
    });
    tracing::callsite::rebuild_interest_cache();
    (log, guard)
}

/// The global subscriber: records nothing, keeps call sites live.
struct Idle;

impl tracing::Subscriber for Idle {
    fn register_callsite(
        &self,
        _: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        false
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

struct Capture {
    log: Log,
    next: AtomicU64,
}

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl tracing::Subscriber for Capture {
    fn register_callsite(
        &self,
        _: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut log = self.log.lock();
        let _ = write!(log, "span {}", span.metadata().name());
        span.record(&mut Fields(&mut log));
        log.push('\n');
        tracing::span::Id::from_u64(self.next.fetch_add(1, Ordering::Relaxed))
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut log = self.log.lock();
        log.push_str("record");
        values.record(&mut Fields(&mut log));
        log.push('\n');
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut log = self.log.lock();
        let _ = write!(log, "event {}", event.metadata().target());
        event.record(&mut Fields(&mut log));
        log.push('\n');
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}
