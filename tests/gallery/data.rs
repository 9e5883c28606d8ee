//! The gallery's rows about data, and the bundled site's.

use crate::CHIPS;
use crate::gallery::{Base, Case, Edit, case};

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

/// Cases whose mistake is in a data file, or in what names its entries.
pub const DATA: &[Case] = &[
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
    overlay(
        "data-ref-to-no-collection",
        &[Edit::Replace(
            "site.yaml",
            "type: ref, collection: companies",
            "type: ref, collection: compnies",
        )],
        "site.yaml:31:47",
        "no collection is called `compnies`",
        "did you mean `companies`?",
    ),
    overlay(
        "data-path-without-id",
        &[Edit::Replace(
            "site.yaml",
            "paths: {it: \"chip/{id}/\"",
            "paths: {it: \"chip/\"",
        )],
        "site.yaml:28:17",
        "the `it` path of `chips` has no `{id}`",
        "every entry needs its own URL",
    ),
    overlay(
        "data-collection-template-missing",
        &[Edit::Replace(
            "site.yaml",
            "template: chip.html",
            "template: chips.html",
        )],
        "site.yaml:27:15",
        "template `chips.html` of the collection `chips` not found",
        "did you mean `chip.html`?",
    ),
];

/// Cases of the bundled site.
pub const REPOSITORY: &[Case] = &[
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
