//! The gallery's rows about Markdown: links, headings and shortcodes.

use crate::A_MD;
use crate::gallery::{Base, Case, Edit, case};

/// Cases whose mistake is in Markdown: links and shortcodes.
pub const MARKDOWN: &[Case] = &[
    case(
        "link-to-no-page",
        Base::Tiny,
        &[Edit::Replace(
            A_MD,
            "Pagina A.",
            "Pagina A, vedi [C](@/c.md).",
        )],
        "content/a.md:7:16",
        "broken internal link: no page `c.md` in content/",
        "did you mean `a.md`?",
    ),
    case(
        "link-misspelt",
        Base::Tiny,
        &[Edit::Replace(
            A_MD,
            "Pagina A.",
            "Pagina A, vedi [B](@/bb.md).",
        )],
        "content/a.md:7:16",
        "broken internal link: no page `bb.md` in content/",
        "did you mean `b.md`?",
    ),
    case(
        "link-to-no-heading",
        Base::Tiny,
        &[
            Edit::Replace(A_MD, "Pagina A.", "Pagina A, vedi [B](@/b.md#nope)."),
            Edit::Replace("content/b.md", "Pagina B.", "## Prima parte\n\nPagina B."),
        ],
        "content/a.md:7:16",
        "broken anchor: `#nope` is not a heading of content/b.md",
        "",
    ),
    case(
        "link-javascript",
        Base::Tiny,
        &[Edit::Replace(
            A_MD,
            "Pagina A.",
            "Pagina [A](javascript:alert(1)).",
        )],
        "content/a.md:7:8",
        "link to a `javascript:` URL",
        "",
    ),
    case(
        "heading-event-handler",
        Base::Tiny,
        &[Edit::Replace(
            A_MD,
            "Pagina A.",
            "## Titolo {onclick=alert(1)}\n\nPagina A.",
        )],
        "content/a.md:7:1",
        "heading attribute `onclick` runs script",
        "",
    ),
    case(
        "shortcode-unknown",
        Base::Tiny,
        &[Edit::Replace(
            A_MD,
            "Pagina A.",
            "Pagina A. {{ nota(testo=\"x\") }}",
        )],
        "content/a.md:7:11",
        "unknown shortcode `nota`",
        "known shortcodes: `cite`, `figure`, `timeline`",
    ),
    case(
        "shortcode-unknown-argument",
        Base::Tiny,
        &[
            Edit::Write(
                "templates/shortcodes/note.html",
                "<aside>{{ body }}{{ kind }}</aside>\n",
            ),
            Edit::Replace(
                A_MD,
                "Pagina A.",
                "{% note(knd=\"info\") %}Pagina A.{% end %}",
            ),
        ],
        "content/a.md:7:1",
        "unknown argument `knd` for shortcode `note`",
        "did you mean `kind`?",
    ),
    case(
        "shortcode-unterminated-string",
        Base::Tiny,
        &[
            Edit::Write(
                "templates/shortcodes/note.html",
                "<aside>{{ body }}{{ kind }}</aside>\n",
            ),
            Edit::Replace(
                A_MD,
                "Pagina A.",
                "{% note(kind=\"info) %}Pagina A.{% end %}",
            ),
        ],
        "content/a.md:7:1",
        "unterminated string",
        "close the string with the same quote it opens with",
    ),
    case(
        "shortcode-not-closed",
        Base::Tiny,
        &[
            Edit::Write(
                "templates/shortcodes/note.html",
                "<aside>{{ body }}{{ kind }}</aside>\n",
            ),
            Edit::Replace(A_MD, "Pagina A.", "{% note(kind=\"info\") %}Pagina A."),
        ],
        "content/a.md:7:1",
        "the block shortcode `note` is never closed",
        "",
    ),
    case(
        "shortcode-template-error",
        Base::Tiny,
        &[
            Edit::Write(
                "templates/shortcodes/note.html",
                "<aside>{{ body }}{{ kind | upper }}{{ knd }}</aside>\n",
            ),
            Edit::Replace(
                A_MD,
                "Pagina A.",
                "{% note(kind=\"info\") %}Pagina A.{% end %}",
            ),
        ],
        "content/a.md:7:1",
        "shortcode `note` failed: unknown variable `knd`",
        "did you mean `kind`? (in templates/shortcodes/note.html:1:39)",
    ),
    case(
        "figure-template-error",
        Base::Tiny,
        &[
            Edit::Write(
                "templates/shortcodes/figure.html",
                "<figure>{{ picture | safe }}{{ captoin }}</figure>\n",
            ),
            Edit::Replace(
                A_MD,
                "Pagina A.",
                "Pagina A.\n\n{{ figure(src=\"https://example.org/x.png\", alt=\"Una x\") }}",
            ),
        ],
        "content/a.md:9:1",
        "shortcode `figure` failed: unknown variable `captoin`",
        "did you mean `caption`? (in templates/shortcodes/figure.html:1:",
    ),
    case(
        "figure-template-syntax",
        Base::Tiny,
        &[
            Edit::Write(
                "templates/shortcodes/figure.html",
                "<figure>{{ picture safe }}</figure>\n",
            ),
            Edit::Replace(
                A_MD,
                "Pagina A.",
                "Pagina A.\n\n{{ figure(src=\"https://example.org/x.png\", alt=\"Una x\") }}",
            ),
        ],
        "templates/shortcodes/figure.html:1:20",
        "expected `}}` here, found identifier",
        "close the expression with `}}`",
    ),
];
