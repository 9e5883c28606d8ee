//! Refs between entries: every `ref`/`refs` value must name an entry of its collection.

use crate::diagnostic::Diagnostic;
use crate::diagnostic::locate::Step;
use crate::load::config::FieldType;

use super::DataSet;
use super::check::Pending;

/// Every `ref`/`refs` value must name an entry of its collection; the entries kept out for a
/// mistake are checked too, for mistakes of their own.
pub(super) fn check_refs(set: &DataSet, pending: &mut Vec<Pending>) {
    for (name, collection) in set {
        for entry in collection.entries.iter().chain(&collection.excluded) {
            for field in collection
                .config
                .fields
                .iter()
                .filter(|f| matches!(f.kind, FieldType::Ref | FieldType::Refs))
            {
                let target_name = field.collection.as_deref().unwrap_or_default();
                // A field naming no collection is reported in site.yaml, not at each ref.
                let Some(target) = set.get(target_name) else {
                    continue;
                };
                for (n, id) in entry.refs(&field.name).iter().enumerate() {
                    if target.knows(id) {
                        continue;
                    }
                    let mut path = vec![Step::Index(entry.position), Step::Key(field.name.clone())];
                    if field.kind == FieldType::Refs {
                        path.push(Step::Index(n));
                    }
                    let hint =
                        crate::suggest::did_you_mean(id, target.ids()).unwrap_or_else(|| {
                            format!(
                                "the ids of `{target_name}` are in content/data/{target_name}.yaml"
                            )
                        });
                    pending.push(Pending {
                        collection: name.clone(),
                        path,
                        diagnostic: Diagnostic::error(format!(
                            "no `{target_name}` entry has the id `{id}`"
                        ))
                        .with_hint(hint),
                    });
                }
            }
        }
    }
}
