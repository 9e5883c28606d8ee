//! The gallery of broken inputs, one row per mistake (front matter, site.yaml, templates,
//! shortcodes and links, data): each build exits 1, names the mistake at its `file:line:column`
//! with the first line of its message and a hint, reports no echo of it, and leaves the previous
//! good output alone; every diagnostic printed has a location and a hint. The whole gallery's
//! output is one snapshot (tests/snapshots/broken__gallery.snap, NO_COLOR=1) for review, and the
//! source of docs/errors.md's examples.
//!
//! Also here: every stage's mistake reported in one run of the bundled site, the same report
//! every time, and dangerous output folders refused.

mod common;
#[path = "common/gallery.rs"]
mod gallery;

use common::*;
use gallery::{Base, Case, Edit, as_text, printed, run_gallery};

const A_MD: &str = "content/a.md";
const SITE: &str = "site.yaml";
const PAGE: &str = "templates/page.html";

/// A one-mistake case with one error.
const fn case(
    name: &'static str,
    base: Base,
    edits: &'static [Edit],
    at: &'static str,
    message: &'static str,
    hint: &'static str,
) -> Case {
    Case {
        name,
        base,
        edits,
        at,
        message,
        hint,
        errors: 1,
    }
}

/// Cases whose mistake is in a page's front matter.
const FRONT_MATTER: &[Case] = &[
    case(
        "front-matter-typo",
        Base::Tiny,
        &[Edit::Replace(A_MD, "date: 2024", "datte: 2024")],
        "content/a.md:3:1",
        "unknown front matter key `datte`",
        "did you mean `date`?",
    ),
    case(
        "front-matter-misspelt-title",
        Base::Tiny,
        &[Edit::Replace(A_MD, "title: A", "titel: A")],
        "content/a.md:2:1",
        "unknown front matter key `titel`",
        "did you mean `title`?",
    ),
    case(
        "front-matter-missing-title",
        Base::Tiny,
        &[Edit::Replace(A_MD, "title: A\n", "")],
        "content/a.md:2:1",
        "missing required key `title`",
        "add `title: …`",
    ),
    case(
        "front-matter-empty-title",
        Base::Tiny,
        &[Edit::Replace(A_MD, "title: A", "title: \"  \"")],
        "content/a.md:2:1",
        "the title is empty",
        "give the page a title",
    ),
    case(
        "front-matter-not-closed",
        Base::Tiny,
        &[Edit::Write(
            A_MD,
            "---\ntitle: A\ndate: 2024-03-27\n\nPagina A.\n",
        )],
        "content/a.md:1:1",
        "front matter is not closed",
        "add a line with `---` after the last front matter key",
    ),
    case(
        "front-matter-missing",
        Base::Tiny,
        &[Edit::Write(A_MD, "title: A\n\nPagina A.\n")],
        "content/a.md:1:1",
        "missing front matter",
        "start the file with `---`",
    ),
    case(
        "front-matter-indented-key",
        Base::Tiny,
        &[Edit::Replace(A_MD, "date: 2024", "  date: 2024")],
        "content/a.md:3:7",
        "a `: ` YAML cannot read here",
        "align its key with the other keys",
    ),
    case(
        "front-matter-colon-in-value",
        Base::Tiny,
        &[Edit::Replace(A_MD, "title: A", "title: Amazon: il piano")],
        "content/a.md:2:14",
        "a `: ` YAML cannot read here",
        "quote a value that holds `: `",
    ),
    case(
        "front-matter-unclosed-quote",
        Base::Tiny,
        &[Edit::Replace(A_MD, "title: A", "title: \"A")],
        "content/a.md:2:8",
        "this `\"` is never closed",
        "close it with `\"` at the end of the text",
    ),
    case(
        "front-matter-unclosed-bracket",
        Base::Tiny,
        &[Edit::Replace(A_MD, "tags: [uno]", "tags: [uno, due")],
        "content/a.md:5:9",
        "this `[` is never closed",
        "close it with `]`",
    ),
    case(
        "front-matter-tab",
        Base::Tiny,
        &[Edit::Replace(A_MD, "  tags: [uno]", "\ttags: [uno]")],
        "content/a.md:5:1",
        "a tab in YAML, which only allows spaces here",
        "indent with spaces",
    ),
    case(
        "front-matter-date-day-first",
        Base::Tiny,
        &[Edit::Replace(A_MD, "date: 2024-03-27", "date: 27/03/2024")],
        "content/a.md:3:7",
        "`date` must be a date written YYYY-MM-DD, not `27/03/2024`",
        "write it `2024-03-27` (YYYY-MM-DD)",
    ),
    case(
        "front-matter-date-not-in-calendar",
        Base::Tiny,
        &[Edit::Replace(A_MD, "date: 2024-03-27", "date: 2024-02-30")],
        "content/a.md:3:7",
        "`date` is `2024-02-30`, which is not a day of the calendar",
        "check the day and the month",
    ),
    case(
        "front-matter-date-in-words",
        Base::Tiny,
        &[Edit::Replace(
            A_MD,
            "date: 2024-03-27",
            "date: 27 marzo 2024",
        )],
        "content/a.md:3:7",
        "`date` must be a date written YYYY-MM-DD, not `27 marzo 2024`",
        "write the date as YYYY-MM-DD",
    ),
    case(
        "front-matter-hugo-tags",
        Base::Tiny,
        &[Edit::Replace(
            A_MD,
            "taxonomies:\n  tags: [uno]",
            "tags: [uno]",
        )],
        "content/a.md:4:1",
        "unknown front matter key `tags`",
        "write `taxonomies: {tags: [uno]}`",
    ),
    case(
        "front-matter-unknown-taxonomy",
        Base::Tiny,
        &[Edit::Replace(A_MD, "  tags: [uno]", "  tag: [uno]")],
        "content/a.md:5:3",
        "unknown taxonomy `tag`",
        "did you mean `tags`?",
    ),
    case(
        "front-matter-draft-not-bool",
        Base::Tiny,
        &[Edit::Replace(
            A_MD,
            "title: A",
            "title: A\ndraft: yes please",
        )],
        "content/a.md:3:8",
        "`draft` must be `true` or `false`, not the text `yes please`",
        "write `draft: true` or `draft: false`",
    ),
    case(
        "front-matter-weight-in-words",
        Base::Tiny,
        &[Edit::Replace(A_MD, "title: A", "title: A\nweight: heavy")],
        "content/a.md:3:9",
        "`weight` must be a whole number, not the text `heavy`",
        "write a whole number",
    ),
    case(
        "front-matter-title-list",
        Base::Tiny,
        &[Edit::Replace(A_MD, "title: A", "title: [A, B]")],
        "content/a.md:2:8",
        "`title` must be text, not a list",
        "quote it",
    ),
    case(
        "front-matter-aliases-not-a-list",
        Base::Tiny,
        &[Edit::Replace(
            A_MD,
            "title: A",
            "title: A\naliases: /vecchia/",
        )],
        "content/a.md:3:10",
        "`aliases` must be a list, not the text `/vecchia/`",
        "write a list: `aliases: [a, b]`",
    ),
    case(
        "front-matter-duplicate-key",
        Base::Tiny,
        &[Edit::Replace(A_MD, "title: A", "title: A\ntitle: B")],
        "content/a.md:3:8",
        "duplicate key `title`",
        "keep one of the two",
    ),
    case(
        "front-matter-sort-by",
        Base::Tiny,
        &[Edit::Replace(
            "content/_index.md",
            "title: Casa",
            "title: Casa\nsort_by: dat",
        )],
        "content/_index.md:3:10",
        "unknown value `dat` in `sort_by`",
        "did you mean `date`?",
    ),
    case(
        "front-matter-slug-without-letters",
        Base::Tiny,
        &[Edit::Replace(A_MD, "title: A", "title: A\nslug: \"!!!\"")],
        "content/a.md:3:1",
        "the slug `!!!` has no letters or digits",
        "use letters, digits and dashes",
    ),
    case(
        "front-matter-duplicate-url",
        Base::Tiny,
        &[Edit::Replace(A_MD, "title: A", "title: A\nslug: b")],
        "content/b.md:2:1",
        "two pages would be written to the same URL `/b/`",
        "give one of them another file name or a different `slug`",
    ),
    case(
        "front-matter-alias-outside",
        Base::Tiny,
        &[Edit::Replace(
            A_MD,
            "title: A",
            "title: A\naliases: [\"../fuori/\"]",
        )],
        "content/a.md:3:12",
        "the alias `../fuori/` climbs out of the output folder with `..`",
        "",
    ),
    case(
        "front-matter-script-in-extra",
        Base::Tiny,
        &[Edit::Replace(
            A_MD,
            "title: A",
            "title: A\nextra:\n  link: \"javascript:alert(1)\"",
        )],
        "content/a.md:4:9",
        "`extra` holds a `javascript:` URL, which runs script if a theme links to it",
        "",
    ),
    case(
        "front-matter-bad-escape",
        Base::Tiny,
        &[Edit::Replace(A_MD, "title: A", "title: \"C:\\Users\"")],
        "content/a.md:2:11",
        "`\\U` starts an escape in double quotes",
        "use single quotes",
    ),
    case(
        "front-matter-at-sign",
        Base::Tiny,
        &[Edit::Replace(A_MD, "title: A", "title: @anthropic")],
        "content/a.md:2:8",
        "`@` cannot start a value in YAML",
        "quote the value",
    ),
    case(
        "front-matter-missing-template",
        Base::Tiny,
        &[Edit::Replace(
            A_MD,
            "title: A",
            "title: A\ntemplate: nope.html",
        )],
        "content/a.md:3:1",
        "template `nope.html` not found",
        "did you mean `page.html`?",
    ),
    case(
        "front-matter-nested-too-deep",
        Base::Tiny,
        &[Edit::Replace(
            A_MD,
            "title: A",
            "title: A\nextra: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        )],
        "content/a.md:3:71",
        "YAML nested more than 64 levels deep",
        "flatten this value",
    ),
    case(
        "file-unknown-language-suffix",
        Base::Tiny,
        &[Edit::Write(
            "content/a.fr.md",
            "---\ntitle: A en français\n---\nPage A.\n",
        )],
        "content/a.fr.md",
        "the file name ends in `.fr.md` but the site has no language `fr`",
        "did you mean `en`?",
    ),
    case(
        "file-not-utf8",
        Base::Tiny,
        &[Edit::Bytes(A_MD, b"---\ntitle: A\n---\nPagina \xff A.\n")],
        "content/a.md:4:8",
        "the file is not valid UTF-8",
        "save the file as UTF-8",
    ),
];

/// Cases whose mistake is in site.yaml.
const SITE_YAML: &[Case] = &[
    case(
        "site-unknown-key",
        Base::Tiny,
        &[Edit::Replace(
            SITE,
            "title: Piccolo",
            "title: Piccolo\ndescripton: x",
        )],
        "site.yaml:2:1",
        "unknown key `descripton`",
        "did you mean `description`?",
    ),
    case(
        "site-nested-unknown-key",
        Base::Tiny,
        &[Edit::Replace(
            SITE,
            "title: Piccolo",
            "title: Piccolo\nmarkdown:\n  smart_punctation: true",
        )],
        "site.yaml:3:3",
        "unknown key `smart_punctation` in `markdown`",
        "did you mean `smart_punctuation`?",
    ),
    case(
        "site-relative-base-url",
        Base::Tiny,
        &[Edit::Replace(SITE, "\"https://example.org/\"", "/spiega/")],
        "site.yaml:2:1",
        "base_url `/spiega/` must start with `https://` or `http://`",
        "write a full URL",
    ),
    case(
        "site-missing-base-url",
        Base::Tiny,
        &[Edit::Replace(
            SITE,
            "base_url: \"https://example.org/\"\n",
            "",
        )],
        "site.yaml:1:1",
        "missing required key `base_url`",
        "add `base_url: …`",
    ),
    case(
        "site-not-utf8",
        Base::Tiny,
        &[Edit::Bytes(
            SITE,
            b"title: Caf\xe9\nbase_url: \"https://example.org/\"\n",
        )],
        "site.yaml:1:11",
        "the file is not valid UTF-8",
        "save the file as UTF-8",
    ),
    case(
        "site-unclosed-bracket",
        Base::Tiny,
        &[Edit::Replace(
            SITE,
            "languages:\n  - code: it\n    name: Italiano\n  - code: en\n    name: English",
            "languages: [{code: it}, {code: en}",
        )],
        "site.yaml:4:12",
        "this `[` is never closed",
        "close it with `]`",
    ),
    case(
        "site-tab",
        Base::Tiny,
        &[Edit::Replace(
            SITE,
            "    name: Italiano",
            "\tname: Italiano",
        )],
        "site.yaml:6:1",
        "a tab in YAML, which only allows spaces here",
        "indent with spaces",
    ),
    case(
        "site-missing-theme",
        Base::Tiny,
        &[Edit::Replace(
            SITE,
            "title: Piccolo",
            "title: Piccolo\ntheme: explaner",
        )],
        "site.yaml:2:8",
        "theme `explaner` not found in themes/",
        "did you mean `explainer`?",
    ),
    case(
        "site-language-twice",
        Base::Tiny,
        &[Edit::Replace(SITE, "  - code: en", "  - code: it")],
        "site.yaml:7:11",
        "language `it` is listed twice",
        "list each language once",
    ),
    case(
        "site-bad-language-code",
        Base::Tiny,
        &[Edit::Replace(SITE, "  - code: en", "  - code: \"e n\"")],
        "site.yaml:7:11",
        "invalid language code `e n`",
        "use a code such as `it`, `en` or `pt-BR`",
    ),
    case(
        "site-taxonomy-not-url-safe",
        Base::Tiny,
        &[Edit::Replace(SITE, "  - name: tags", "  - name: My Tags")],
        "site.yaml:10:11",
        "taxonomy name `My Tags` is not URL-safe",
        "e.g. `my-tags`",
    ),
    case(
        "site-unknown-value",
        Base::Tiny,
        &[Edit::Replace(
            SITE,
            "title: Piccolo",
            "title: Piccolo\nmarkdown:\n  heading_anchors: middle",
        )],
        "site.yaml:3:20",
        "unknown value `middle` in `markdown.heading_anchors`",
        "expected one of `none`, `before`, `after`",
    ),
    case(
        "site-feed-not-bool",
        Base::Tiny,
        &[Edit::Replace(
            SITE,
            "title: Piccolo",
            "title: Piccolo\nfeed: maybe",
        )],
        "site.yaml:2:7",
        "`feed` must be `true` or `false`, not the text `maybe`",
        "write `feed: true` or `feed: false`",
    ),
    case(
        "site-script-in-extra",
        Base::Tiny,
        &[Edit::Replace(
            SITE,
            "title: Piccolo",
            "title: Piccolo\nextra:\n  cta: \"vbscript:x\"",
        )],
        "site.yaml:3:8",
        "`extra` holds a `vbscript:` URL, which runs script if a theme links to it",
        "",
    ),
    case(
        "site-yaml-missing",
        Base::Tiny,
        &[Edit::Remove(SITE)],
        "site.yaml",
        "no site.yaml in [TMP]/site",
        "run `spiega init DIR` to create a new site",
    ),
];

/// A page.html that extends base.html, for the cases about blocks.
const BASE_HTML: &str = "<!DOCTYPE html>\n<html lang=\"{{ lang }}\">\n<head><meta charset=\"utf-8\"><title>{{ page.title }}</title></head>\n<body>\n{% block body %}{% endblock body %}\n</body>\n</html>\n";

/// Cases whose mistake is in a template.
const TEMPLATES: &[Case] = &[
    case(
        "template-unknown-filter",
        Base::Tiny,
        &[Edit::Replace(
            PAGE,
            "<h1>{{ page.title }}",
            "<h1>{{ page.title | upperr }}",
        )],
        "templates/page.html:5:21",
        "unknown filter `upperr`",
        "did you mean `upper`?",
    ),
    case(
        "template-unknown-function",
        Base::Tiny,
        &[Edit::Replace(PAGE, "trans(key=", "tarns(key=")],
        "templates/page.html:6:20",
        "unknown function `tarns`",
        "did you mean `trans`?",
    ),
    case(
        "template-unknown-test",
        Base::Tiny,
        &[Edit::Replace(
            PAGE,
            "<h1>{{ page.title }}</h1>",
            "{% if page.title is strin %}<h1>{{ page.title }}</h1>{% endif %}",
        )],
        "templates/page.html:5:21",
        "unknown test `strin`",
        "did you mean `string`?",
    ),
    case(
        "template-unknown-field",
        Base::Tiny,
        &[Edit::Replace(
            PAGE,
            "<h1>{{ page.title }}",
            "<h1>{{ page.titel }}",
        )],
        "templates/page.html:5:13",
        "`page` has no field `titel`",
        "did you mean `title`?",
    ),
    case(
        "template-unknown-variable",
        Base::Tiny,
        &[Edit::Replace(
            PAGE,
            "<h1>{{ page.title }}",
            "<h1>{{ pag.title }}",
        )],
        "templates/page.html:5:8",
        "unknown variable `pag`",
        "did you mean `page`?",
    ),
    case(
        "template-unclosed-expression",
        Base::Tiny,
        &[Edit::Replace(
            PAGE,
            "<h1>{{ page.title }}",
            "<h1>{{ page.title }",
        )],
        "templates/page.html:5:19",
        "expected `}}` here, found `}`",
        "close the expression with `}}`",
    ),
    case(
        "template-if-never-closed",
        Base::Tiny,
        &[Edit::Replace(PAGE, "<h1>", "{% if page.title %}<h1>")],
        "templates/page.html:5:1",
        "`{% if %}` is never closed",
        "add `{% endif %}` where its body ends",
    ),
    case(
        "template-if-closed-by-endblock",
        Base::Tiny,
        &[
            Edit::Write("templates/base.html", BASE_HTML),
            Edit::Write(
                PAGE,
                "{% extends \"base.html\" %}\n{% block body %}\n{% if page.title %}<h1>{{ page.title }}</h1>\n{{ page.content | safe }}\n{% endblock body %}\n",
            ),
        ],
        "templates/page.html:3:1",
        "`{% if %}` is not closed before `{% endblock %}`",
        "add `{% endif %}` before line 5",
    ),
    case(
        "template-endif-without-if",
        Base::Tiny,
        &[Edit::Replace(PAGE, "</h1>", "</h1>{% endif %}")],
        "templates/page.html:5:26",
        "`{% endif %}` closes nothing",
        "add the `{% if … %}` it should close",
    ),
    case(
        "template-unknown-tag",
        Base::Tiny,
        &[Edit::Replace(
            PAGE,
            "<h1>{{ page.title }}</h1>",
            "{% iff page.title %}<h1>{{ page.title }}</h1>{% endif %}",
        )],
        "templates/page.html:5:4",
        "unknown tag `iff`",
        "did you mean `if`?",
    ),
    case(
        "template-extends-missing",
        Base::Tiny,
        &[
            Edit::Write(
                PAGE,
                "{% extends \"bse.html\" %}\n{% block body %}{{ page.title }}{% endblock body %}\n",
            ),
            Edit::Write("templates/base.html", BASE_HTML),
        ],
        "templates/page.html:1:13",
        "`page.html` extends `bse.html`, which does not exist",
        "did you mean `base.html`?",
    ),
    case(
        "template-include-missing",
        Base::Tiny,
        &[Edit::Replace(
            PAGE,
            "<body>",
            "<body>{% include \"partials/nav.html\" %}",
        )],
        "templates/page.html:4:19",
        "`page.html` includes `partials/nav.html`, which does not exist",
        "create templates/partials/nav.html",
    ),
    case(
        "template-extends-circle",
        Base::Tiny,
        &[
            Edit::Write(
                "templates/base.html",
                "{% extends \"page.html\" %}\n{% block body %}{% endblock body %}\n",
            ),
            Edit::Write(
                PAGE,
                "{% extends \"base.html\" %}\n{% block body %}{{ page.title }}{% endblock body %}\n",
            ),
        ],
        "templates/base.html:1:4",
        "templates extend one another in a circle: `base.html` → `page.html` → `base.html`",
        "remove or change its `{% extends … %}`",
    ),
    case(
        "template-block-not-in-parent",
        Base::Tiny,
        &[
            Edit::Write("templates/base.html", BASE_HTML),
            Edit::Write(
                PAGE,
                "{% extends \"base.html\" %}\n{% block bdy %}{{ page.title }}{% endblock bdy %}\n",
            ),
        ],
        "templates/page.html:2:10",
        "no template this one extends has a block `bdy`",
        "did you mean `body`?",
    ),
    case(
        "template-missing-argument",
        Base::Tiny,
        &[Edit::Replace(
            PAGE,
            "<h1>{{ page.title }}",
            "<h1>{{ page.title | truncate(lenght=3) }}",
        )],
        "templates/page.html:5:21",
        "`truncate` needs the argument `length`",
        "did you mean `length` instead of `lenght`?",
    ),
    case(
        "template-error-in-an-include",
        Base::Tiny,
        &[
            Edit::Write(
                "templates/partials/title.html",
                "<h1>{{ page.tilte }}</h1>\n",
            ),
            Edit::Replace(
                PAGE,
                "<h1>{{ page.title }}</h1>",
                "{% include \"partials/title.html\" %}",
            ),
        ],
        "templates/partials/title.html:1:13",
        "`page` has no field `tilte`",
        "did you mean `title`?",
    ),
    case(
        "template-missing-ui-string",
        Base::Tiny,
        &[Edit::Write("i18n/en.yaml", "other: \"More\"\n")],
        "templates/page.html:6:20",
        "missing UI string `more` for language `en`",
        "add `more: …` to i18n/en.yaml",
    ),
    case(
        "template-missing-for-pages",
        Base::Tiny,
        &[Edit::Remove(PAGE)],
        "site.yaml:1:1",
        "the theme has no `page.html` template, needed for content/a.md",
        "create templates/page.html",
    ),
    case(
        "template-wrong-type",
        Base::Tiny,
        &[Edit::Replace(
            PAGE,
            "<h1>{{ page.title }}",
            "<h1>{{ page.extra | upper }}",
        )],
        "templates/page.html:5:8",
        "this value is a map, where text is expected",
        "give text here",
    ),
    case(
        "template-date-filter-on-text",
        Base::Tiny,
        &[Edit::Replace(
            PAGE,
            "<h1>{{ page.title }}",
            "<h1>{{ page.title | date }}",
        )],
        "templates/page.html:5:21",
        "the `date` filter got a value that is not a date written YYYY-MM-DD",
        "give the filter a date written YYYY-MM-DD",
    ),
];

/// Cases whose mistake is in Markdown: links and shortcodes.
const MARKDOWN: &[Case] = &[
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
        "known shortcodes: `cite`, `timeline`",
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
];

/// A case of the data fixture made by a folder of tests/fixtures/broken-data/ copied over it.
const fn overlay(
    name: &'static str,
    edits: &'static [Edit],
    at: &'static str,
    message: &'static str,
    hint: &'static str,
) -> Case {
    case(name, Base::Data, edits, at, message, hint)
}

const COMPANIES: &str = "content/data/companies.yaml";
const CHIPS: &str = "content/data/chips.yaml";

/// Cases whose mistake is in a data file, or in what names its entries.
const DATA: &[Case] = &[
    overlay(
        "data-unknown-field",
        &[Edit::Overlay("broken-data/unknown-field")],
        "content/data/chips.yaml:4:3",
        "unknown field `memory_bandwith` in `chips`",
        "did you mean `memory_bandwidth`?",
    ),
    overlay(
        "data-wrong-type",
        &[Edit::Overlay("broken-data/wrong-type")],
        "content/data/chips.yaml:17:21",
        "`memory_bandwidth` must be a number (without its unit), not the text `3.35 TB/s`",
        "write the number alone",
    ),
    overlay(
        "data-missing-required",
        &[Edit::Overlay("broken-data/missing-required")],
        "content/data/chips.yaml:27:7",
        "the entry `tpu-v5p` has no `vendor`, which is required",
        "add `vendor: …` to it",
    ),
    overlay(
        "data-enum",
        &[Edit::Overlay("broken-data/enum")],
        "content/data/companies.yaml:11:9",
        "`labs` is not an allowed value of `kind`",
        "did you mean `lab`?",
    ),
    overlay(
        "data-enum-far",
        &[Edit::Overlay("broken-data/enum-far")],
        "content/data/companies.yaml:25:9",
        "`foundry` is not an allowed value of `kind`",
        "use one of `cloud`, `lab`, `chipmaker`",
    ),
    overlay(
        "data-unknown-ref",
        &[Edit::Overlay("broken-data/unknown-ref")],
        "content/data/chips.yaml:16:11",
        "no `companies` entry has the id `nvidai`",
        "did you mean `nvidia`?",
    ),
    overlay(
        "data-duplicate-id",
        &[Edit::Overlay("broken-data/duplicate-id")],
        "content/data/companies.yaml:31:7",
        "duplicate id `nvidia`",
        "give each entry its own id",
    ),
    overlay(
        "data-missing-translation",
        &[Edit::Overlay("broken-data/missing-translation")],
        "content/data/chips.yaml:20:5",
        "`description` is missing its `en` translation",
        "add `en: …` to the map",
    ),
    overlay(
        "data-unknown-cite",
        &[Edit::Overlay("broken-data/unknown-cite")],
        "content/storia.md:9:11",
        "unknown source `axios-2023-9`",
        "did you mean `axios-2023-09`?",
    ),
    overlay(
        "data-unknown-event-source",
        &[Edit::Overlay("broken-data/unknown-event-source")],
        "content/data/timeline.yaml:29:13",
        "no `sources` entry has the id `aws-2024-3`",
        "did you mean `aws-2024-03`?",
    ),
    overlay(
        "data-see-also-missing",
        &[Edit::Overlay("broken-data/see-also-missing")],
        "content/data/glossary.yaml:10:19",
        "no `glossary` entry has the id `nvlink`",
        "the ids of `glossary` are in content/data/glossary.yaml",
    ),
    overlay(
        "data-invalid-date",
        &[Edit::Overlay("broken-data/invalid-date")],
        "content/data/timeline.yaml:24:9",
        "`2024-02-30` is not a day of the calendar",
        "check the day and the month",
    ),
    overlay(
        "data-unknown-page-ref",
        &[Edit::Overlay("broken-data/unknown-page-ref")],
        "content/storia.md:4:21",
        "no `companies` entry has the id `antropic`",
        "did you mean `anthropic`?",
    ),
    overlay(
        "data-unknown-event-page",
        &[Edit::Overlay("broken-data/unknown-event-page")],
        "content/data/timeline.yaml:44:22",
        "no page `grafico.md` in content/",
        "did you mean `grafici.md`?",
    ),
    overlay(
        "data-timeline-unknown-argument",
        &[Edit::Overlay("broken-data/timeline-unknown-argument")],
        "content/storia.en.md:12:1",
        "unknown argument `compnies` for shortcode `timeline`",
        "did you mean `companies`?",
    ),
    overlay(
        "data-chart-unknown-field",
        &[Edit::Overlay("broken-data/chart-unknown-field")],
        "content/grafici.md:7:1",
        "`chips` has no number field `memory_bandwith`",
        "did you mean `memory_bandwidth`?",
    ),
    overlay(
        "data-unknown-language",
        &[Edit::Overlay("broken-data/unknown-language")],
        "content/data/glossary.yaml:13:59",
        "`eng` is not a language of the site",
        "did you mean `en`?",
    ),
    overlay(
        "data-unknown-category",
        &[Edit::Overlay("broken-data/unknown-category")],
        "content/data/timeline.yaml:12:13",
        "`deals` is not an allowed value of `category`",
        "did you mean `deal`?",
    ),
    overlay(
        "data-missing-file",
        &[Edit::Overlay("broken-data/missing-data-file")],
        "site.yaml:26:11",
        "the collection `models` has no data file",
        "create content/data/models.yaml",
    ),
    overlay(
        "data-bool-yes",
        &[Edit::Overlay("broken-data/bool-yes")],
        "content/data/chips.yaml:29:14",
        "`available` must be `true` or `false`, not the text `yes`",
        "write `available: true` or `available: false`",
    ),
    overlay(
        "data-list-not-a-list",
        &[Edit::Overlay("broken-data/list-not-a-list")],
        "content/data/chips.yaml:15:9",
        "`tags` must be a list of texts, not the text `training, aws`",
        "write a list: `tags: [a, b]`",
    ),
    overlay(
        "data-broken-link-in-translation",
        &[Edit::Overlay("broken-data/broken-link-in-translation")],
        "content/data/chips.yaml:11:9",
        "broken internal link: no `chips` entry has the id `h10`",
        "did you mean `h100`?",
    ),
    Case {
        errors: 3,
        ..overlay(
            "data-several-errors",
            &[Edit::Overlay("broken-data/several-errors")],
            "content/data/chips.yaml:36:13",
            "`2023-13` has no month 13: months go from 01 to 12",
            "write the date as YYYY, YYYY-MM or YYYY-MM-DD",
        )
    },
    overlay(
        "data-unclosed-bracket",
        &[Edit::Replace(
            CHIPS,
            "competitors: [h100]",
            "competitors: [h100",
        )],
        "content/data/chips.yaml:12:16",
        "this `[` is never closed",
        "close it with `]`",
    ),
    overlay(
        "data-not-a-list",
        &[Edit::Write(COMPANIES, "amazon:\n  name: Amazon\n")],
        "content/data/companies.yaml:1:1",
        "`companies` must be a list of entries",
        "write each entry as `- id: …`",
    ),
    overlay(
        "data-entry-without-id",
        &[Edit::Replace(
            COMPANIES,
            "- id: google\n  name: Google",
            "- name: Google",
        )],
        "content/data/companies.yaml:17:3",
        "this entry has no `id`",
        "add `id: …` as its first key",
    ),
    overlay(
        "data-invalid-id",
        &[Edit::Replace(
            COMPANIES,
            "- id: google",
            "- id: Google Cloud",
        )],
        "content/data/companies.yaml:17:7",
        "`Google Cloud` is not a valid id",
        "use lower-case letters, digits, `-` and `_`",
    ),
    overlay(
        "data-url-without-scheme",
        &[Edit::Replace(
            COMPANIES,
            "website: https://cloud.google.com/",
            "website: cloud.google.com",
        )],
        "content/data/companies.yaml:21:12",
        "`cloud.google.com` is not a URL",
        "write the full address, starting with `https://`",
    ),
    overlay(
        "data-tab",
        &[Edit::Replace(COMPANIES, "  kind: lab", "\tkind: lab")],
        "content/data/companies.yaml:11:1",
        "a tab in YAML, which only allows spaces here",
        "indent with spaces",
    ),
    overlay(
        "data-template-function-field",
        &[Edit::Replace(
            "themes/mini/templates/company.html",
            "backrefs(collection=\"chips\", field=\"vendor\"",
            "backrefs(collection=\"chips\", field=\"vendr\"",
        )],
        "themes/mini/templates/company.html:11:34",
        "backrefs: `chips` has no field `vendr`",
        "did you mean `vendor`?",
    ),
];

/// Cases of the bundled site.
const REPOSITORY: &[Case] = &[
    case(
        "bundled-chip-vendor",
        Base::Repository,
        &[Edit::Replace(CHIPS, "  vendor: amazon", "  vendor: amazn")],
        "content/data/chips.yaml:7:11",
        "no `companies` entry has the id `amazn`",
        "did you mean `amazon`?",
    ),
    case(
        "bundled-theme-partial",
        Base::Repository,
        &[Edit::Replace(
            "themes/explainer/templates/partials/glossary_previews.html",
            "{{ t.term }}",
            "{{ t.trem }}",
        )],
        "themes/explainer/templates/partials/glossary_previews.html:8:72",
        "`t` has no field `trem`",
        "did you mean `term`?",
    ),
];

/// Every case of the gallery.
fn all_cases() -> Vec<Case> {
    [
        FRONT_MATTER,
        SITE_YAML,
        TEMPLATES,
        MARKDOWN,
        DATA,
        REPOSITORY,
    ]
    .concat()
}

#[test]
fn the_gallery_of_broken_inputs() {
    let cases = all_cases();
    assert!(cases.len() >= 60, "the gallery has {} cases", cases.len());
    let printed = run_gallery(&cases);
    insta::assert_snapshot!("gallery", as_text(&printed));
}

#[test]
fn every_folder_of_broken_data_is_a_case() {
    // A folder added to tests/fixtures/broken-data/ without a row would prove nothing.
    let cases = all_cases();
    let folders = std::fs::read_dir(fixture("broken-data")).expect("the folder exists");
    for folder in folders {
        let name = folder.expect("a folder entry").file_name();
        let overlay = format!("broken-data/{}", name.to_string_lossy());
        let used = cases
            .iter()
            .flat_map(|c| c.edits)
            .any(|edit| matches!(edit, Edit::Overlay(o) if *o == overlay));
        assert!(used, "no case uses {overlay}");
    }
}

#[test]
fn a_mistake_in_every_stage_is_reported_in_one_run() {
    // A front-matter key (load), a data ref (resolve), an `@/` link (Markdown) and a template
    // field (render): all four in one run, and nothing else.
    let site = Site::from_repository();
    let edits = [
        Edit::Replace("content/chip.md", "weight: 2\n", "weight: 2\nautor: Anna\n"),
        Edit::Replace(CHIPS, "  vendor: amazon", "  vendor: amazn"),
        Edit::Replace("content/perche-conta.md", "(@/chip.md)", "(@/chips.md)"),
        Edit::Replace(
            "templates/chip.html",
            "<h1>{{ entry.title }}</h1>",
            "<h1>{{ entry.titel }}</h1>",
        ),
    ];
    for edit in edits {
        let applied = gallery::apply(edit, &site);
        assert!(applied.is_ok(), "{applied:?}");
    }
    let run = site.check(&[]);
    run.expect_code(1);
    let found: Vec<(String, String)> = printed(&run.stderr)
        .into_iter()
        .filter(|p| p.severity == "error")
        .map(|p| (p.location.unwrap_or_default(), p.message))
        .collect();
    let expected = [
        ("content/chip.md:6:1", "unknown front matter key `autor`"),
        (
            "content/data/chips.yaml:7:11",
            "no `companies` entry has the id `amazn`",
        ),
        (
            "content/perche-conta.md:20:504",
            "broken internal link: no page `chips.md` in content/",
        ),
        ("templates/chip.html:25:18", "`entry` has no field `titel`"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(at, message)| (at.to_string(), message.to_string()))
        .collect();
    assert_eq!(found, expected, "{}", run.stderr);
    assert!(run.stderr.contains("Failed 4 errors"), "{}", run.stderr);
}

#[test]
fn the_same_mistakes_give_the_same_report_every_time() {
    let several = [
        Edit::Replace(A_MD, "date: 2024-03-27", "date: 2024-02-30"),
        Edit::Replace("content/b.md", "title: B\n", ""),
        Edit::Replace(PAGE, "<h1>{{ page.title }}", "<h1>{{ page.titel }}"),
    ];
    let reports: Vec<String> = (0..2)
        .map(|_| {
            let site = Site::copy("tiny");
            for edit in several {
                let applied = gallery::apply(edit, &site);
                assert!(applied.is_ok(), "{applied:?}");
            }
            let run = site.check(&[]);
            run.expect_code(1);
            diagnostics_only(&run.stderr)
        })
        .collect();
    assert_eq!(reports[0], reports[1]);
    assert_eq!(errors(&reports[0]).len(), 3, "{}", reports[0]);
}
// ---------------------------------------------------------------------------------------------
// Dangerous output folders: refused with a clear message, and nothing is written or deleted.

/// Builds the `tiny` fixture into `output` and checks that it is refused and nothing changed
/// anywhere in the temporary folder.
#[track_caller]
fn assert_refused(site: &Site, output: &std::path::Path, reason: &str) -> Run {
    let before = snapshot(site.dir.path());
    let run = run([
        "build".as_ref(),
        "--root".as_ref(),
        site.root.as_os_str(),
        "--output".as_ref(),
        output.as_os_str(),
    ]);
    run.expect_code(1);
    let refusal = errors(&run.stderr);
    assert_eq!(refusal.len(), 1, "{}", run.stderr);
    assert!(refusal[0].starts_with("refusing to use "), "{}", run.stderr);
    assert!(
        refusal[0].ends_with(&format!("as the output folder: {reason}")),
        "{}",
        run.stderr
    );
    assert_eq!(hints(&run.stderr).len(), 1, "{}", run.stderr);
    assert_eq!(
        changed_files(&before, &snapshot(site.dir.path())),
        Vec::<String>::new(),
        "a refused build changed files"
    );
    run
}

#[test]
fn the_site_root_is_refused_as_output() {
    let site = Site::copy("tiny");
    assert_refused(&site, &site.root, "it is the site root");
    let dotted = site.root.join("content").join("..");
    assert_refused(&site, &dotted, "it is the site root");
}

#[test]
fn a_folder_above_the_site_is_refused_as_output() {
    let site = Site::copy("tiny");
    assert_refused(&site, site.dir.path(), "it contains the site");
}

#[test]
fn content_and_folders_in_it_are_refused_as_output() {
    let site = Site::copy("tiny");
    assert_refused(
        &site,
        &site.path("content"),
        "it is inside the site's content/ folder",
    );
    assert_refused(
        &site,
        &site.path("content/public"),
        "it is inside the site's content/ folder",
    );
    assert!(!site.path("content/public").exists());
    assert_refused(
        &site,
        &site.path("templates"),
        "it is inside the site's templates/ folder",
    );
}

#[test]
fn a_dotdot_through_a_folder_that_does_not_exist_yet_is_still_refused() {
    // `site/nothing/../content` is the content folder, even though `site/nothing` does not exist.
    let site = Site::copy("tiny");
    assert_refused(
        &site,
        &site.path("nothing/../content"),
        "it is inside the site's content/ folder",
    );
    assert!(!site.path("nothing").exists());
    assert_refused(&site, &site.path("nothing/.."), "it is the site root");
}

#[test]
fn a_folder_holding_a_foreign_file_is_refused_and_kept() {
    let site = Site::copy("tiny");
    std::fs::create_dir_all(&site.out).expect("create the output folder");
    std::fs::write(site.out.join("notes.txt"), "mine").expect("write a foreign file");
    let run = assert_refused(
        &site,
        &site.out,
        "it holds files Spiega did not write (`notes.txt`)",
    );
    assert!(
        run.stderr
            .contains("Spiega never deletes files it did not write")
    );
    assert_eq!(
        std::fs::read_to_string(site.out.join("notes.txt"))
            .ok()
            .as_deref(),
        Some("mine")
    );
}

#[test]
fn a_foreign_file_next_to_a_previous_build_is_refused() {
    let site = Site::copy("tiny");
    site.build_ok(&[]);
    std::fs::write(site.out.join("b/extra.html"), "mine").expect("write a foreign file");
    assert_refused(
        &site,
        &site.out,
        "it holds files Spiega did not write (`b/extra.html`)",
    );
}

#[test]
fn a_file_is_refused_as_output() {
    let site = Site::copy("tiny");
    let file = site.dir.path().join("file.txt");
    std::fs::write(&file, "x").expect("write a file");
    assert_refused(&site, &file, "it is a file");
}
