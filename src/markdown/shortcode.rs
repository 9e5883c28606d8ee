//! Shortcodes: finding `{{ name(...) }}` and `{% name(...) %}…{% end %}` calls in a page's source.
//!
//! This module only reads the syntax and pairs blocks with their `{% end %}`; expanding the calls
//! (placeholders, rendering bodies, calling the [`ShortcodeRenderer`]) is the Markdown renderer's
//! job, see [`super`].
//!
//! [`ShortcodeRenderer`]: super::ShortcodeRenderer

mod syntax;

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::Value;

pub(crate) use syntax::Args;
use syntax::{Delim, Tag};

/// One shortcode call, handed to a [`ShortcodeRenderer`](super::ShortcodeRenderer) to
/// turn into HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct ShortcodeCall<'a> {
    /// The shortcode's name: the template is `shortcodes/<name>.html`.
    pub name: &'a str,
    /// The arguments as written in the call, by name.
    pub args: BTreeMap<String, Value>,
    /// For a block shortcode: its body, already rendered from Markdown to HTML. None when inline.
    pub body: Option<&'a str>,
    /// Byte offset of the call in the page source (for the renderer's own errors). For a block
    /// shortcode this is its opening tag `{% name(...) %}`, where its name and arguments are.
    pub offset: usize,
    /// Byte length of the call (of the opening tag, for a block shortcode).
    pub len: usize,
}

/// Block shortcodes nested deeper than this are an error: bodies are rendered recursively, and no
/// input may be able to exhaust the stack.
pub(crate) const MAX_NESTING: usize = 8;

/// A shortcode occurrence to expand, with byte ranges into the page source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// `{{ name(args) }}`.
    Inline {
        name: String,
        args: Args,
        span: Range<usize>,
    },
    /// `{% name(args) %}body{% end %}`; `children` are the nodes inside the body.
    Block {
        name: String,
        args: Args,
        open: Range<usize>,
        body: Range<usize>,
        close: Range<usize>,
        children: Vec<Node>,
    },
    /// `{{/* x */}}`, shown as the text `text`.
    Literal { text: String, span: Range<usize> },
}

impl Node {
    /// The whole source range the node replaces.
    pub(crate) fn span(&self) -> Range<usize> {
        match self {
            Node::Inline { span, .. } | Node::Literal { span, .. } => span.clone(),
            Node::Block { open, close, .. } => open.start..close.end,
        }
    }
}

/// A shortcode syntax error, located in the page source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyntaxError {
    pub span: Range<usize>,
    pub message: String,
    pub hint: Option<String>,
}

/// Every shortcode of a page: the top-level nodes (in source order) and the syntax errors.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Parsed {
    pub nodes: Vec<Node>,
    pub errors: Vec<SyntaxError>,
}

/// Finds the shortcodes of `src`, ignoring any tag that starts inside one of the `skip` ranges
/// (code spans and code blocks).
pub(crate) fn parse(src: &str, skip: &[Range<usize>]) -> Parsed {
    let mut tree = TreeBuilder::default();
    for scanned in scan(src, skip) {
        let block = src
            .get(scanned.span.clone())
            .is_some_and(|t| t.starts_with("{%"));
        tree.push(scanned, block);
    }
    tree.finish()
}

/// Every tag of `src` outside `skip`, in order.
fn scan<'s>(src: &'s str, skip: &'s [Range<usize>]) -> impl Iterator<Item = syntax::Scanned> + 's {
    let mut pos = 0;
    let mut skip_ix = 0;
    let mut literal_ends = syntax::LiteralEnds::default();
    std::iter::from_fn(move || {
        while let Some(rel) = src.get(pos..).and_then(|rest| rest.find('{')) {
            let at = pos + rel;
            while skip.get(skip_ix).is_some_and(|r| r.end <= at) {
                skip_ix += 1;
            }
            if let Some(code) = skip.get(skip_ix).filter(|r| r.start <= at) {
                pos = code.end;
                continue;
            }
            let delim = match src.as_bytes().get(at + 1) {
                Some(b'{') => Some(Delim::Inline),
                Some(b'%') => Some(Delim::Block),
                _ => None,
            };
            if let Some(scanned) = delim.and_then(|d| syntax::tag_at(src, at, d, &mut literal_ends))
            {
                pos = scanned.span.end;
                return Some(scanned);
            }
            pos = at + 1;
        }
        None
    })
}

/// An open block waiting for its `{% end %}`.
#[derive(Debug)]
struct Frame {
    name: String,
    args: Args,
    open: Range<usize>,
    children: Vec<Node>,
    /// Too deep (or inside a too deep block): dropped when closed; the error is already recorded.
    discard: bool,
}

/// Pairs block openings with their ends, building the node tree.
#[derive(Debug, Default)]
struct TreeBuilder {
    root: Vec<Node>,
    open: Vec<Frame>,
    errors: Vec<SyntaxError>,
}

impl TreeBuilder {
    fn children(&mut self) -> &mut Vec<Node> {
        match self.open.last_mut() {
            Some(frame) => &mut frame.children,
            None => &mut self.root,
        }
    }

    /// Adds a tag; `block` says whether it is written `{% … %}`.
    fn push(&mut self, scanned: syntax::Scanned, block: bool) {
        let span = scanned.span;
        match scanned.tag {
            Tag::Call {
                delim: Delim::Inline,
                name,
                args,
            } => self.children().push(Node::Inline { name, args, span }),
            Tag::Literal(text) => self.children().push(Node::Literal { text, span }),
            Tag::Call {
                delim: Delim::Block,
                name,
                args,
            } => self.open_block(name, args, span),
            Tag::End => self.close_block(span),
            Tag::Error { message, hint } => {
                self.errors.push(SyntaxError {
                    span: span.clone(),
                    message,
                    hint,
                });
                if block {
                    // A block call that does not parse still opens a block, discarded: its
                    // `{% end %}` closes it rather than being reported as closing nothing.
                    self.open.push(Frame {
                        name: String::new(),
                        args: Args::default(),
                        open: span,
                        children: Vec::new(),
                        discard: true,
                    });
                }
            }
        }
    }

    fn open_block(&mut self, name: String, args: Args, open: Range<usize>) {
        let parent_discarded = self.open.last().is_some_and(|f| f.discard);
        let too_deep = !parent_discarded && self.open.len() >= MAX_NESTING;
        if too_deep {
            self.errors.push(SyntaxError {
                span: open.clone(),
                message: format!(
                    "block shortcodes are nested too deeply (more than {MAX_NESTING} levels)"
                ),
                hint: Some(format!(
                    "close some of them first: block shortcodes nest {MAX_NESTING} deep at most"
                )),
            });
        }
        self.open.push(Frame {
            name,
            args,
            open,
            children: Vec::new(),
            discard: parent_discarded || too_deep,
        });
    }

    fn close_block(&mut self, close: Range<usize>) {
        let Some(frame) = self.open.pop() else {
            self.errors.push(SyntaxError {
                span: close,
                message: "`{% end %}` without a block shortcode to close".into(),
                hint: Some("remove it, or open a block before it with `{% name() %}`".into()),
            });
            return;
        };
        if frame.discard {
            return;
        }
        let node = Node::Block {
            name: frame.name,
            args: frame.args,
            body: frame.open.end..close.start,
            open: frame.open,
            close,
            children: frame.children,
        };
        self.children().push(node);
    }

    fn finish(mut self) -> Parsed {
        // Unclosed blocks are errors; their contents are kept (one level up) so that problems
        // inside them are still reported.
        while let Some(frame) = self.open.pop() {
            if !frame.discard {
                self.errors.push(SyntaxError {
                    span: frame.open.clone(),
                    message: format!("the block shortcode `{}` is never closed", frame.name),
                    hint: Some("close it with `{% end %}`".into()),
                });
                self.children().extend(frame.children);
            }
        }
        self.errors.sort_by_key(|e| (e.span.start, e.span.end));
        Parsed {
            nodes: self.root,
            errors: self.errors,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(nodes: &[Node]) -> Vec<String> {
        nodes
            .iter()
            .map(|n| match n {
                Node::Inline { name, .. } => name.clone(),
                Node::Literal { text, .. } => text.clone(),
                Node::Block { name, children, .. } => {
                    format!("{name}[{}]", names(children).join(","))
                }
            })
            .collect()
    }

    #[test]
    fn finds_calls_in_order_and_nests_blocks() {
        let src = "a {{ x() }} {% b() %} {{ y() }} {% c() %}z{% end %} {% end %} {{/* w() */}}";
        let parsed = parse(src, &[]);
        assert_eq!(parsed.errors, []);
        assert_eq!(names(&parsed.nodes), ["x", "b[y,c[]]", "{{ w() }}"]);
        let Node::Block {
            open, body, close, ..
        } = &parsed.nodes[1]
        else {
            panic!("not a block")
        };
        assert_eq!(&src[open.clone()], "{% b() %}");
        assert_eq!(&src[body.clone()], " {{ y() }} {% c() %}z{% end %} ");
        assert_eq!(&src[close.clone()], "{% end %}");
        assert_eq!(
            &src[parsed.nodes[1].span()],
            "{% b() %} {{ y() }} {% c() %}z{% end %} {% end %}"
        );
    }

    #[test]
    fn tags_starting_in_skipped_ranges_are_ignored() {
        let src = "`{{ x() }}` {{ y() }}";
        let code_span = 0..11;
        let parsed = parse(src, std::slice::from_ref(&code_span));
        assert_eq!(names(&parsed.nodes), ["y"]);
    }

    #[test]
    fn stray_and_unclosed_blocks_are_errors_at_their_tags() {
        let src = "{% end %} {% a() %} {{ x() }}";
        let parsed = parse(src, &[]);
        let spans: Vec<_> = parsed.errors.iter().map(|e| &src[e.span.clone()]).collect();
        assert_eq!(spans, ["{% end %}", "{% a() %}"]);
        assert_eq!(
            parsed.errors[1].message,
            "the block shortcode `a` is never closed"
        );
        // The content of the unclosed block is still expanded (and checked).
        assert_eq!(names(&parsed.nodes), ["x"]);
    }

    #[test]
    fn too_deep_nesting_is_one_error_not_a_crash() {
        let depth = 10_000;
        let src = format!("{}{}", "{% a() %}".repeat(depth), "{% end %}".repeat(depth));
        let parsed = parse(&src, &[]);
        assert_eq!(parsed.errors.len(), 1);
        assert_eq!(parsed.errors[0].span.start, MAX_NESTING * "{% a() %}".len());
        assert_eq!(parsed.nodes.len(), 1);
    }
}
