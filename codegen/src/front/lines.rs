//! Finds the line of a node in a YAML document from its key path.
//!
//! serde_norway reports positions for syntax errors only, so semantic errors
//! (an unknown `$ref`, a duplicate `operationId`) are placed by walking the
//! block structure of the text. Block-style YAML, which every spec here uses,
//! is located exactly; flow-style nodes fall back to their nearest block
//! ancestor.

/// Line lookup over the text of one YAML document.
#[derive(Debug)]
pub(crate) struct LineIndex {
    lines: Vec<Line>,
}

#[derive(Debug)]
struct Line {
    /// Column of the first character of the key (after any `- `).
    indent: usize,
    /// Whether the line starts a sequence item (`- `).
    item: bool,
    /// Column of the `- ` marker for sequence items.
    dash: usize,
    /// The mapping key on this line, unquoted, if any.
    key: Option<String>,
}

/// One step of a path into the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

impl From<&str> for Seg {
    fn from(s: &str) -> Self {
        Seg::Key(s.to_owned())
    }
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let lines = text
            .lines()
            .map(|raw| {
                let trimmed = raw.trim_start();
                if trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---" {
                    return None;
                }
                let mut indent = raw.len() - trimmed.len();
                let dash = indent;
                let mut rest = trimmed;
                let mut item = false;
                if rest == "-" || rest.starts_with("- ") {
                    item = true;
                    let after = rest[1..].trim_start();
                    indent += rest.len() - after.len();
                    rest = after;
                }
                Some(Line {
                    indent,
                    item,
                    dash,
                    key: parse_key(rest),
                })
            })
            .map(|l| {
                l.unwrap_or(Line {
                    indent: usize::MAX,
                    item: false,
                    dash: usize::MAX,
                    key: None,
                })
            })
            .collect();
        Self { lines }
    }

    /// The 1-based line of the deepest node of `path` that could be found.
    pub(crate) fn locate(&self, path: &[Seg]) -> Option<usize> {
        let mut start = 0;
        let mut end = self.lines.len();
        let mut col = self.first_col(start, end)?;
        let mut found = None;
        for seg in path {
            let hit = match seg {
                Seg::Key(k) => (start..end).find(|&i| {
                    let l = &self.lines[i];
                    l.indent == col && l.key.as_deref() == Some(k.as_str())
                }),
                Seg::Index(n) => (start..end)
                    .filter(|&i| self.lines[i].item && self.lines[i].dash == col)
                    .nth(*n),
            };
            let Some(i) = hit else { break };
            found = Some(i + 1);
            let here = &self.lines[i];
            match seg {
                Seg::Key(_) => {
                    // A key's block runs until a line left of it, or a sibling
                    // key in its column; a sequence written at the key's own
                    // column still belongs to it.
                    start = i + 1;
                    end = (start..end)
                        .find(|&j| {
                            let l = &self.lines[j];
                            let min = l.min_col();
                            min != usize::MAX
                                && (min < here.indent
                                    || (min == here.indent && !(l.item && l.dash == here.indent)))
                        })
                        .unwrap_or(end);
                }
                Seg::Index(_) => {
                    // The item's first key is on its own line; the rest sit
                    // in the content column below it.
                    start = i;
                    end = (i + 1..end)
                        .find(|&j| {
                            let min = self.lines[j].min_col();
                            min != usize::MAX && min <= here.dash
                        })
                        .unwrap_or(end);
                }
            }
            col = match seg {
                Seg::Index(_) => here.indent,
                Seg::Key(_) => match self.first_col(start, end) {
                    Some(c) => c,
                    None => break,
                },
            };
        }
        found
    }

    /// Column of the first content line in `start..end`.
    fn first_col(&self, start: usize, end: usize) -> Option<usize> {
        (start..end)
            .map(|i| self.lines[i].min_col())
            .find(|&c| c != usize::MAX)
    }
}

impl Line {
    /// The leftmost column this line occupies.
    fn min_col(&self) -> usize {
        if self.item { self.dash } else { self.indent }
    }
}

/// The key of a `key: value` line, with quotes removed.
fn parse_key(rest: &str) -> Option<String> {
    let (key, tail) = if let Some(q @ ('"' | '\'')) = rest.chars().next() {
        let close = rest[1..].find(q)? + 1;
        (rest[1..close].to_owned(), &rest[close + 1..])
    } else {
        let colon = rest
            .find(": ")
            .or_else(|| rest.ends_with(':').then(|| rest.len() - 1))?;
        (rest[..colon].trim_end().to_owned(), &rest[colon..])
    };
    tail.trim_start().starts_with(':').then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
openapi: 3.0.3
paths:
  /a:
    get:
      operationId: a
      parameters:
        - name: x
          in: query
        - $ref: '#/components/parameters/y'
  '/b/{id}':
    post:
      tags:
      - one
      - two
      operationId: b
";

    fn at(path: &[Seg]) -> Option<usize> {
        LineIndex::new(DOC).locate(path)
    }

    #[test]
    fn finds_keys_items_and_quoted_keys() {
        assert_eq!(at(&["openapi".into()]), Some(1));
        assert_eq!(
            at(&[
                "paths".into(),
                "/a".into(),
                "get".into(),
                "operationId".into()
            ]),
            Some(5)
        );
        let second = [
            "paths".into(),
            "/a".into(),
            "get".into(),
            "parameters".into(),
            Seg::Index(1),
            "$ref".into(),
        ];
        assert_eq!(at(&second), Some(9));
        let first_in = [
            "paths".into(),
            "/a".into(),
            "get".into(),
            "parameters".into(),
            Seg::Index(0),
            "in".into(),
        ];
        assert_eq!(at(&first_in), Some(8));
        assert_eq!(
            at(&[
                "paths".into(),
                "/b/{id}".into(),
                "post".into(),
                "operationId".into()
            ]),
            Some(15)
        );
        assert_eq!(
            at(&[
                "paths".into(),
                "/b/{id}".into(),
                "post".into(),
                "tags".into(),
                Seg::Index(1)
            ]),
            Some(14)
        );
    }

    #[test]
    fn falls_back_to_the_deepest_ancestor_found() {
        assert_eq!(at(&["paths".into(), "/a".into(), "put".into()]), Some(3));
        assert_eq!(at(&["nothing".into()]), None);
    }
}
