//! Number fields: a value must be finite and inside the schema's `min` and `max`, and the bounds
//! themselves must make sense.

use crate::diagnostic::locate::{Step, locate};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::config::{FieldConfig, FieldType, SiteConfig};
use crate::resolve::data::FieldErrors;

/// YAML's `.nan`, `.inf` and `-.inf` are numbers to serde, but no quantity: a chart or a table
/// could only print them as `NaN`.
pub(crate) fn check_finite(
    field: &FieldConfig,
    number: f64,
    written: &str,
    path: &[Step],
) -> Result<(), FieldErrors> {
    if number.is_finite() {
        return Ok(());
    }
    let what = if number.is_nan() {
        "not a number"
    } else {
        "an infinity"
    };
    Err(vec![(
        path.to_vec(),
        Diagnostic::error(format!(
            "`{}` must be a finite number, not `{written}` ({what})",
            field.name
        ))
        .with_hint(
            "write the value in digits, e.g. `3.35`, or leave the field out when it is not known",
        ),
    )])
}

/// A value below the schema's `min` or above its `max`.
pub(crate) fn check_range(
    field: &FieldConfig,
    number: f64,
    written: &str,
    path: &[Step],
) -> Result<(), FieldErrors> {
    // Bounds that contradict each other are reported in site.yaml, not at every value.
    if let (Some(min), Some(max)) = (field.min, field.max)
        && matches!(
            min.partial_cmp(&max),
            None | Some(std::cmp::Ordering::Greater)
        )
    {
        return Ok(());
    }
    let (below, bound) = match (field.min, field.max) {
        (Some(min), _) if number < min => (true, min),
        (_, Some(max)) if number > max => (false, max),
        _ => return Ok(()),
    };
    let allowed = match (field.min, field.max) {
        (Some(min), Some(max)) => format!("from {min} to {max}"),
        (Some(min), None) => format!("of {min} or more"),
        (None, Some(max)) => format!("of {max} or less"),
        (None, None) => String::new(),
    };
    let unit = field
        .unit
        .as_ref()
        .and_then(crate::load::config::Translatable::any)
        .map_or(String::new(), |unit| format!(" and the unit ({unit})"));
    Err(vec![(
        path.to_vec(),
        Diagnostic::error(format!(
            "`{}` is `{written}`, {} its {} `{bound}`",
            field.name,
            if below { "below" } else { "above" },
            if below { "minimum" } else { "maximum" },
        ))
        .with_hint(format!(
            "the schema in site.yaml allows values {allowed}: check the sign{unit} of this value"
        )),
    )])
}

/// `min` and `max` in site.yaml: only on `number` and `integer` fields, finite, and `min` not
/// above `max`; each mistake at its value.
pub fn check_bounds(config: &SiteConfig, source: &SourceFile) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (c, collection) in config.collections.iter().enumerate() {
        for (f, field) in collection.fields.iter().enumerate() {
            let at = |key: &str| {
                let steps = [
                    Step::Key("collections".into()),
                    Step::Index(c),
                    Step::Key("fields".into()),
                    Step::Index(f),
                    Step::Key(key.into()),
                ];
                locate(source, &steps).unwrap_or(0..0)
            };
            let numeric = matches!(field.kind, FieldType::Number | FieldType::Integer);
            for (key, bound) in [("min", field.min), ("max", field.max)] {
                let Some(bound) = bound else { continue };
                let problem = if !numeric {
                    Diagnostic::error(format!(
                        "`{key}` applies to `number` and `integer` fields, and `{}` is not one",
                        field.name
                    ))
                    .with_hint(format!("remove `{key}`, or make the field a `number`"))
                } else if !bound.is_finite() {
                    Diagnostic::error(format!(
                        "the `{key}` of `{}` is not a finite number",
                        field.name
                    ))
                    .with_hint(format!("write `{key}` in digits, e.g. `{key}: 0`"))
                } else {
                    continue;
                };
                problems.push(problem.at(source, at(key)));
            }
            if let (Some(min), Some(max)) = (field.min, field.max)
                && min > max
            {
                problems.push(
                    Diagnostic::error(format!(
                        "the `min` of `{}` ({min}) is above its `max` ({max})",
                        field.name
                    ))
                    .at(source, at("min"))
                    .with_hint("swap the two values"),
                );
            }
        }
    }
    problems
}
