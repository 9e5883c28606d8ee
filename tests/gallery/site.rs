//! The gallery's rows about site.yaml.

use crate::SITE;
use crate::gallery::{Base, Case, Edit, case};

/// Cases whose mistake is in site.yaml.
pub const SITE_YAML: &[Case] = &[
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
