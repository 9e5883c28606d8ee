//! Colour science for the palette checks: sRGB to linear light, WCAG contrast ratios, colour
//! vision deficiency simulated with the matrices of Machado, Oliveira and Fernandes (2009, at
//! full severity), and distances in OKLab (Björn Ottosson, 2020), a perceptual colour space in
//! which equal distances look about equally different.

/// A colour as linear-light RGB, each channel 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linear(pub [f64; 3]);

/// A kind of colour vision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vision {
    /// Typical colour vision.
    Typical,
    /// No red cones.
    Protanopia,
    /// No green cones (the most common).
    Deuteranopia,
    /// No blue cones.
    Tritanopia,
}

impl Vision {
    /// Every kind checked.
    pub const ALL: [Vision; 4] = [
        Vision::Typical,
        Vision::Deuteranopia,
        Vision::Protanopia,
        Vision::Tritanopia,
    ];

    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Vision::Typical => "typical colour vision",
            Vision::Protanopia => "protanopia",
            Vision::Deuteranopia => "deuteranopia",
            Vision::Tritanopia => "tritanopia",
        }
    }

    fn matrix(self) -> Option<[[f64; 3]; 3]> {
        match self {
            Vision::Typical => None,
            Vision::Protanopia => Some([
                [0.152286, 1.052583, -0.204868],
                [0.114503, 0.786281, 0.099216],
                [-0.003882, -0.048116, 1.051998],
            ]),
            Vision::Deuteranopia => Some([
                [0.367322, 0.860646, -0.227968],
                [0.280085, 0.672501, 0.047413],
                [-0.011820, 0.042940, 0.968881],
            ]),
            Vision::Tritanopia => Some([
                [1.255528, -0.076749, -0.178779],
                [-0.078411, 0.930809, 0.147602],
                [0.004733, 0.691367, 0.303900],
            ]),
        }
    }
}

/// Parses `#rgb` or `#rrggbb`.
pub fn parse_hex(text: &str) -> Option<Linear> {
    let hex = text.trim().strip_prefix('#')?;
    let digits: Vec<u8> = match hex.len() {
        3 => hex
            .chars()
            .map(|c| c.to_digit(16).map(|d| (d * 17) as u8))
            .collect::<Option<_>>()?,
        6 => (0..3)
            .map(|i| u8::from_str_radix(hex.get(i * 2..i * 2 + 2)?, 16).ok())
            .collect::<Option<_>>()?,
        _ => return None,
    };
    let channel = |v: u8| {
        let c = f64::from(v) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    Some(Linear([
        channel(digits[0]),
        channel(digits[1]),
        channel(digits[2]),
    ]))
}

impl Linear {
    /// Relative luminance (WCAG 2).
    pub fn luminance(self) -> f64 {
        let [r, g, b] = self.0;
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// How the colour looks with `vision`.
    pub fn seen_with(self, vision: Vision) -> Linear {
        let Some(m) = vision.matrix() else {
            return self;
        };
        let [r, g, b] = self.0;
        let row = |i: usize| (m[i][0] * r + m[i][1] * g + m[i][2] * b).clamp(0.0, 1.0);
        Linear([row(0), row(1), row(2)])
    }

    /// The colour in OKLab: lightness, then two opponent axes.
    pub fn oklab(self) -> [f64; 3] {
        let [r, g, b] = self.0;
        let l = (0.412_221_470_8 * r + 0.536_332_536_3 * g + 0.051_445_992_9 * b).cbrt();
        let m = (0.211_903_498_2 * r + 0.680_699_545_1 * g + 0.107_396_956_6 * b).cbrt();
        let s = (0.088_302_461_9 * r + 0.281_718_837_6 * g + 0.629_978_700_5 * b).cbrt();
        [
            0.210_454_255_3 * l + 0.793_617_785_0 * m - 0.004_072_046_8 * s,
            1.977_998_495_1 * l - 2.428_592_205_0 * m + 0.450_593_709_9 * s,
            0.025_904_037_1 * l + 0.782_771_766_2 * m - 0.808_675_766_0 * s,
        ]
    }
}

/// The WCAG contrast ratio of two colours, 1 to 21.
pub fn contrast(a: Linear, b: Linear) -> f64 {
    let (x, y) = (a.luminance(), b.luminance());
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// How different two colours look with `vision`: their distance in OKLab.
pub fn distance(a: Linear, b: Linear, vision: Vision) -> f64 {
    let (p, q) = (a.seen_with(vision).oklab(), b.seen_with(vision).oklab());
    ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(text: &str) -> Linear {
        parse_hex(text).expect("a colour")
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((contrast(hex("#000"), hex("#fff")) - 21.0).abs() < 1e-9);
        assert!((contrast(hex("#767676"), hex("#ffffff")) - 4.54).abs() < 0.01);
    }

    #[test]
    fn red_and_green_look_alike_without_green_cones() {
        let (red, green) = (hex("#d62728"), hex("#2ca02c"));
        assert!(distance(red, green, Vision::Typical) > 0.2);
        assert!(
            distance(red, green, Vision::Deuteranopia)
                < distance(red, green, Vision::Typical) / 2.0
        );
        let white = hex("#ffffff").oklab();
        assert!((white[0] - 1.0).abs() < 1e-3 && white[1].abs() < 1e-3);
    }
}
