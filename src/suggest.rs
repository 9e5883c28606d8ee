//! "Did you mean …?" hints: the closest known name to a misspelt one.

/// At most this many candidates are weighed for one hint, so that a hint costs the same among
/// 100 ids as among 100,000, and N mistakes cost N hints, not N times the candidates. Callers give
/// candidates in a stable order (file order, sorted), so that the hint never depends on a hash.
pub const MAX_CANDIDATES: usize = 1000;

/// The candidate closest to `wrong` by edit distance, if it is close enough to be a plausible typo.
/// Only the first [`MAX_CANDIDATES`] candidates are weighed.
pub fn closest<'a, I>(wrong: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wrong_lower: Vec<char> = wrong.to_lowercase().chars().collect();
    // Allow roughly one edit in three characters, but always at least two, so that short keys
    // (`dat` for `date`) still get a hint while unrelated words do not.
    let limit = (wrong.chars().count() / 3).max(2);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates.into_iter().take(MAX_CANDIDATES) {
        let bound = best.map_or(limit, |(distance, _)| distance);
        let lower: Vec<char> = candidate.to_lowercase().chars().collect();
        let Some(distance) = distance_within(&wrong_lower, &lower, bound) else {
            continue;
        };
        let better = best.is_none_or(|(d, name)| (distance, candidate) < (d, name));
        if better {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
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
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    distance_within(&a, &b, usize::MAX).unwrap_or(usize::MAX)
}

/// The Levenshtein distance of `a` and `b` if it is at most `bound`; gives up as soon as it
/// cannot be, which is what keeps weighing many far candidates cheap.
fn distance_within(a: &[char], b: &[char], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, a_char) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, b_char) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(a_char != b_char);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        if current.iter().min().is_some_and(|&least| least > bound) {
            return None;
        }
        std::mem::swap(&mut previous, &mut current);
    }
    Some(previous[b.len()]).filter(|&distance| distance <= bound)
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
    fn only_the_first_candidates_are_weighed() {
        let far = (0..MAX_CANDIDATES).map(|i| format!("unrelated-{i:05}"));
        let mut candidates: Vec<String> = far.collect();
        candidates.push("title".to_string());
        assert_eq!(
            closest("titel", candidates.iter().map(String::as_str)),
            None
        );
        candidates.rotate_right(1);
        let found = closest("titel", candidates.iter().map(String::as_str));
        assert_eq!(found, Some("title"));
    }

    #[test]
    fn ties_go_to_the_first_name_in_order_of_text() {
        assert_eq!(closest("cat", ["cot", "bat"]), Some("bat"));
        assert_eq!(closest("cat", ["bat", "cot"]), Some("bat"));
    }

    #[test]
    fn distance_counts_characters() {
        assert_eq!(edit_distance("perché", "perche"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
