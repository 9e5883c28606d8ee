//! Templates every site has unless its theme overrides them: sitemap, Atom feed, robots.txt and the
//! redirect page for aliases.

/// `(name, source)` of each built-in template.
pub const BUILTIN_TEMPLATES: [(&str, &str); 7] = [
    ("shortcodes/cite.html", CITE),
    ("shortcodes/figure.html", FIGURE),
    ("shortcodes/timeline.html", TIMELINE),
    ("sitemap.xml", SITEMAP),
    ("atom.xml", ATOM),
    ("robots.txt", ROBOTS),
    ("alias.html", ALIAS),
];

/// `figure()`: Spiega checks the arguments and writes `picture` (a `<picture>` with every
/// variant, or an `<img>`); `source` is the citation of `source="id"`, as `cite()` writes it.
const FIGURE: &str = r#"<figure class="figure">
{{ picture | safe }}
{%- if caption or credit or source %}
<figcaption>{{ caption }}{% if credit %} <small class="figure-credit">{{ credit }}</small>{% endif %}{% if source %} {{ source | safe }}{% endif %}</figcaption>
{%- endif %}
</figure>"#;

const SITEMAP: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
{%- for entry in entries %}
  <url>
    <loc>{{ entry.permalink }}</loc>
{%- if entry.lastmod %}
    <lastmod>{{ entry.lastmod }}</lastmod>
{%- endif %}
{%- for alternate in entry.alternates %}
    <xhtml:link rel="alternate" hreflang="{{ alternate.lang }}" href="{{ alternate.permalink }}"/>
{%- endfor %}
  </url>
{%- endfor %}
</urlset>
"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ lang }}">
  <title>{{ feed_title }}</title>
{%- if language.description %}
  <subtitle>{{ language.description }}</subtitle>
{%- endif %}
  <link rel="self" type="application/atom+xml" href="{{ feed_url }}"/>
  <link rel="alternate" type="text/html" href="{{ home_url }}"/>
  <id>{{ feed_url }}</id>
  <updated>{{ updated }}T00:00:00Z</updated>
{%- for page in pages %}
  <entry xml:lang="{{ page.lang }}">
    <title>{{ page.title }}</title>
    <link rel="alternate" type="text/html" href="{{ page.permalink }}"/>
    <id>{{ page.permalink }}</id>
    <published>{{ page.date }}T00:00:00Z</published>
    <updated>{% if page.updated %}{{ page.updated }}{% else %}{{ page.date }}{% endif %}T00:00:00Z</updated>
    <author><name>{{ language.title }}</name></author>
{%- if page.description %}
    <summary>{{ page.description }}</summary>
{%- endif %}
    <content type="html">{{ page.content | escape_xml | safe }}</content>
  </entry>
{%- endfor %}
</feed>
"#;

const ROBOTS: &str = "User-agent: *\nAllow: /\nSitemap: {{ config.base_url }}sitemap.xml\n";

const ALIAS: &str = r#"<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{{ target.title }}</title>
<link rel="canonical" href="{{ target.permalink }}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{ target.permalink }}">
</head>
<body>
<main><p><a href="{{ target.permalink }}">{{ target.title }}</a></p></main>
</body>
</html>
"#;

const CITE: &str = r##"<sup class="cite"><a href="#source-{{ id }}" title="{{ title }}">[{{ number }}]</a></sup>"##;

const TIMELINE: &str = r#"<ol class="timeline-embed">
{%- for event in events %}
<li><time datetime="{{ event.date }}">{{ event.date_display }}</time> {% if timeline_path %}<a href="{{ timeline_path }}#{{ event.id }}">{{ event.title }}</a>{% else %}{{ event.title }}{% endif %}</li>
{%- endfor %}
</ol>"#;
