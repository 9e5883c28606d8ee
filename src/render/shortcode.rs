//! TEMPORARY stand-in with the agreed interface; replaced by the real expander on merge.
#![allow(missing_docs)]
pub struct ShortcodeCall<'a> { pub name: &'a str, pub args: std::collections::BTreeMap<String, serde_json::Value>,
    pub body: Option<&'a str>, pub offset: usize, pub len: usize }
