//! "Did you mean …?" hints: the closest known name to a misspelt one.

/// The candidate closest to `wrong` by edit distance, if it is close enough to be a plausible typo.
pub fn closest<'a, I>(wrong: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wrong_lower = wrong.to_lowercase();
    // Allow roughly one edit in three characters, but always at least two, so that short keys
    // (`dat` for `date`) still get a hint while unrelated words do not.
    let limit = (wrong.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|candidate| {
            (
                edit_distance(&wrong_lower, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, candidate)| candidate)
}

/// A hint sentence for [`closest`], e.g. "did you mean `title`?".
pub fn did_you_mean<'a, I>(wrong: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(wrong, candidates).map(|name| format!("did you mean `{name}`?"))
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b_chars: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b_chars.len()).collect();
    let mut current = vec![0; b_chars.len() + 1];
    for (i, a_char) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, b_char) in b_chars.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != *b_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b_chars.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_key() {
        assert_eq!(closest("titel", ["title", "date", "tags"]), Some("title"));
        assert_eq!(closest("vendr", ["vendor", "name"]), Some("vendor"));
        assert_eq!(closest("dat", ["date", "draft"]), Some("date"));
    }

    #[test]
    fn does_not_suggest_unrelated_words() {
        assert_eq!(closest("completely", ["title", "date"]), None);
    }

    #[test]
    fn distance_counts_characters() {
        assert_eq!(edit_distance("perché", "perche"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
