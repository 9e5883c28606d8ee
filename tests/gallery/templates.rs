//! The gallery's rows about templates.

use crate::PAGE;
use crate::gallery::{Base, Case, Edit, case};

/// A page.html that extends base.html, for the cases about blocks.
const BASE_HTML: &str = "<!DOCTYPE html>\n<html lang=\"{{ lang }}\">\n<head><meta charset=\"utf-8\"><title>{{ page.title }}</title></head>\n<body>\n{% block body %}{% endblock body %}\n</body>\n</html>\n";

/// Cases whose mistake is in a template.
pub const TEMPLATES: &[Case] = &[
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
