use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

/// Turns a parameter value into the text that goes on the wire (path, query, header or form part).
///
/// Dates use RFC 3339, as OpenAPI's `date` and `date-time` formats require; `Display` would not.
pub trait ToParam {
    /// The wire text of this value.
    fn to_param(&self) -> String;
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ToParam for $t {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
display_param!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64, bool, str, String);

impl ToParam for chrono::NaiveDate {
    fn to_param(&self) -> String {
        self.format("%Y-%m-%d").to_string()
    }
}

impl ToParam for chrono::DateTime<chrono::Utc> {
    fn to_param(&self) -> String {
        self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
    }
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

/// Characters escaped in a path segment: everything but RFC 3986 `unreserved`, so a value can never
/// add a segment (`/`), climb (`..` stays literal inside one segment), or start a query or fragment.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'[')
    .add(b']')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b':')
    .add(b';')
    .add(b'=')
    .add(b'@')
    .add(b'&')
    .add(b'+')
    .add(b'$')
    .add(b',')
    .add(b'!')
    .add(b'\'')
    .add(b'(')
    .add(b')')
    .add(b'*');

/// Characters escaped in a query key or value: as for a path segment, but `[` and `]` are kept in
/// keys so `roles[]=A&roles[]=B` goes out exactly as APIs in the PHP/Rails/NestJS tradition document it.
const QUERY_KEY: &AsciiSet = &PATH_SEGMENT.remove(b'[').remove(b']');

/// Characters escaped in a parameter value anywhere: the same as in a path segment, so a value's
/// own `,`, `|`, `.` or `;` can never pass for a style's delimiter.
const VALUE: &AsciiSet = PATH_SEGMENT;

/// Percent-encodes one path segment.
pub fn encode_path_segment(value: &str) -> String {
    // A lone `.` or `..` segment would be normalised away by URL parsers: encode its dots too.
    if value == "." || value == ".." {
        return value.replace('.', "%2E");
    }
    utf8_percent_encode(value, PATH_SEGMENT).to_string()
}

/// One query pair, each side percent-encoded (`[` and `]` kept in the key).
pub(crate) fn encode_query_pair(key: &str, value: &str) -> (String, String) {
    (encode_key(key), encode_value(value, false))
}

/// Percent-encodes a query key, keeping `[` and `]`.
pub(crate) fn encode_key(key: &str) -> String {
    utf8_percent_encode(key, QUERY_KEY).to_string()
}

/// `k=v&k=v` from encoded pairs.
pub(crate) fn join_query(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// Percent-encodes a parameter value: everything but RFC 3986 unreserved characters, or, with
/// `allowReserved`, everything but unreserved and reserved characters (`#` always: a URL cannot
/// carry it in the query).
pub(crate) fn encode_value(value: &str, reserved: bool) -> String {
    const RESERVED_KEPT: &AsciiSet = &VALUE
        .remove(b':')
        .remove(b'/')
        .remove(b'?')
        .remove(b'[')
        .remove(b']')
        .remove(b'@')
        .remove(b'!')
        .remove(b'$')
        .remove(b'&')
        .remove(b'\'')
        .remove(b'(')
        .remove(b')')
        .remove(b'*')
        .remove(b'+')
        .remove(b',')
        .remove(b';')
        .remove(b'=');
    utf8_percent_encode(value, if reserved { RESERVED_KEPT } else { VALUE }).to_string()
}

/// One cookie, its value percent-encoded.
pub(crate) fn encode_cookie(name: &str, value: &str) -> (String, String) {
    (name.to_owned(), encode_value(value, false))
}

/// `a=1; b=2` for a `Cookie` header, from encoded cookies.
pub(crate) fn join_cookies(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
}

impl ToParam for serde_json::Value {
    /// Strings as they are, anything else as compact JSON.
    fn to_param(&self) -> String {
        match self {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

impl ToParam for crate::Base64 {
    fn to_param(&self) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(self.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_change_the_target() {
        assert_eq!(encode_path_segment("../admin"), "..%2Fadmin");
        assert_eq!(encode_path_segment(".."), "%2E%2E");
        assert_eq!(encode_path_segment("a?b#c d"), "a%3Fb%23c%20d");
        assert_eq!(encode_path_segment("x\r\nHost: evil"), "x%0D%0AHost%3A%20evil");
        assert_eq!(encode_path_segment("ünï"), "%C3%BCn%C3%AF");
    }

    #[test]
    fn query_keeps_brackets_in_keys_only() {
        let pairs =
            [("roles[]", "ADMIN"), ("roles[]", "a&b=[c]"), ("q", "John Doe")].map(|(k, v)| encode_query_pair(k, v));
        assert_eq!(join_query(&pairs), "roles[]=ADMIN&roles[]=a%26b%3D%5Bc%5D&q=John%20Doe");
    }

    #[test]
    fn dates_render_as_rfc3339() {
        let d = chrono::NaiveDate::from_ymd_opt(2020, 7, 6).unwrap();
        assert_eq!(d.to_param(), "2020-07-06");
        let t: chrono::DateTime<chrono::Utc> = "2025-07-01T16:45:55.246Z".parse().unwrap();
        assert_eq!(t.to_param(), "2025-07-01T16:45:55.246Z");
    }
}
