pub mod markdown;
pub mod shortcode;
