//! Example values built from the IR: what a request would carry if a person filled it in from the
//! spec. The spec's own `example` comes first, then its `default`, the first `enum` value, the bounds
//! and the format; only then a plain value of the type. Used by the conformance driver, whose
//! requests an independent server judges.

use crate::ir::{About, Field, Graph, Type, TypeDef, Union, UnionVariant};
use serde_json::{json, Value};

/// Which properties of an object an example fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Every property (optional ones included): the call that exercises every style.
    All,
    /// Only the required ones.
    Required,
}

/// Builds example values for the types of one API.
pub struct Examples<'a> {
    types: &'a Graph<'a>,
    fill: Fill,
}

/// Deeper than this, a recursive type gets no more nesting (an empty object or list).
const MAX_DEPTH: usize = 12;

/// Deeper than this, objects get their required properties only, even with [`Fill::All`].
const SHALLOW: usize = 3;

impl<'a> Examples<'a> {
    pub fn new(types: &'a Graph<'a>, fill: Fill) -> Self {
        Examples { types, fill }
    }

    /// An example of a value of `ty`, described by `about` (a field's or parameter's).
    pub fn value(&self, ty: &Type, about: &About) -> Value {
        self.of(ty, Some(about), 0)
    }

    fn of(&self, ty: &Type, about: Option<&About>, depth: usize) -> Value {
        // The spec's own value, when it is one the type can hold: an empty string is no example
        // (servers read an empty header or query value as none).
        let given = about.and_then(|a| a.example.clone().or_else(|| a.default.clone()));
        if let Some(value) = given.filter(|v| !v.is_null() && v != "" && self.fits(ty, v) && obeys(about, v)) {
            return value;
        }
        match ty {
            Type::Bool => json!(true),
            Type::I32 | Type::I64 => json!(integer(about)),
            Type::F32 | Type::F64 => number(about),
            Type::String => json!(string(about)),
            Type::Date => json!("2024-01-15"),
            Type::DateTime => json!("2024-01-15T09:30:00Z"),
            Type::Base64 => json!("ZXhhbXBsZQ=="),
            // A file part reads its bytes from base64 text.
            Type::Binary => json!("ZXhhbXBsZQ=="),
            Type::Json => json!("example"),
            Type::JsonObject => json!({}),
            Type::Vec(_) if depth >= MAX_DEPTH => json!([]),
            Type::Vec(item) => {
                let count = about.and_then(|a| a.constraints.min_items).unwrap_or(1).max(1);
                // What the spec says of the items (their format, their pattern).
                let items = about.and_then(|a| a.items.as_deref());
                Value::Array((0..count).map(|_| self.of(item, items, depth + 1)).collect())
            }
            Type::Map(value) => json!({ "key": self.of(value, None, depth + 1) }),
            Type::Nullable(inner) | Type::Expandable(inner) => self.of(inner, about, depth),
            Type::Named(name) => self.named(name, about, depth),
        }
    }

    fn named(&self, name: &str, about: Option<&About>, depth: usize) -> Value {
        match self.types.get(name) {
            Some(TypeDef::Enum(e)) => e.variants.first().map_or(json!("value"), |v| json!(v.wire)),
            // The alias's own schema says what the value is when the place using it does not.
            Some(TypeDef::Alias { ty, about: own, .. }) => {
                let said = about.filter(|a| **a != About::default()).unwrap_or(own);
                self.of(ty, Some(said), depth)
            }
            Some(TypeDef::Union(u)) => match self.distinct(u, depth) {
                Some((v, mut value)) => {
                    if let (Some(tag), Some(property), Value::Object(map)) =
                        (v.tags.first(), &u.discriminator, &mut value)
                    {
                        map.insert(property.clone(), json!(tag));
                    }
                    value
                }
                None => json!({}),
            },
            Some(TypeDef::Struct(s)) if depth < MAX_DEPTH => {
                // Deep inside, only what is required: a recursive type's optional members end there,
                // its required ones (which a finite value must have) go on.
                // Of the sets a value must hold one of, the first: its properties go in, and (for
                // `oneOf`, where holding two is refused) no property of only another set does.
                let sets = s.required_sets.as_ref();
                let first = |f: &Field| sets.and_then(|r| r.sets.first()).is_some_and(|set| set.contains(&f.wire));
                let other = |f: &Field| {
                    sets.is_some_and(|r| r.exclusive && r.sets.iter().skip(1).any(|set| set.contains(&f.wire)))
                };
                let mut fields: Vec<&Field> = s
                    .fields
                    .iter()
                    .filter(|f| !f.read_only && (first(f) || (self.wanted(f, depth) && !other(f))))
                    .collect();
                // An empty object is not sent at all in a form or a query (RFC 6570 "undefined"),
                // so a required one would go missing: one holds its first property.
                if fields.is_empty() {
                    fields.extend(s.fields.iter().find(|f| !f.read_only && !other(f)));
                }
                Value::Object(
                    fields.iter().map(|f| (f.wire.clone(), self.of(&f.ty, Some(&f.about), depth + 1))).collect(),
                )
            }
            _ => json!({}),
        }
    }

    /// The variant an example takes: without a discriminator, the first whose values no other
    /// variant also reads as text (`oneOf: [integer, string]` in a path: the digits of `1` are a
    /// string too, so `oneOf` refuses them), else the first.
    fn distinct<'u>(&self, u: &'u Union, depth: usize) -> Option<(&'u UnionVariant, Value)> {
        let texts = u.variants.iter().filter(|v| self.is_text(&v.ty)).count();
        let scalar = |ty: &Type| matches!(self.resolve(ty), Type::Bool | Type::I32 | Type::I64 | Type::F32 | Type::F64);
        let read_as_text = |v: &UnionVariant| texts > 0 && scalar(&v.ty);
        let chosen = match u.discriminator {
            None => u.variants.iter().find(|v| !read_as_text(v)).or(u.variants.first()),
            Some(_) => u.variants.first(),
        }?;
        Some((chosen, self.of(&chosen.ty, None, depth + 1)))
    }

    /// Through aliases (and `Option`) to the type a value is.
    fn resolve<'t>(&self, ty: &'t Type) -> &'t Type
    where
        'a: 't,
    {
        self.types.resolve_non_null(ty)
    }

    /// A type whose values are any text (a plain string, through aliases).
    fn is_text(&self, ty: &Type) -> bool {
        matches!(self.resolve(ty), Type::String)
    }

    /// A field the example sends: never a read-only one (the server does not take it), and with
    /// [`Fill::Required`], or deeper than [`SHALLOW`], only the required ones.
    fn wanted(&self, field: &Field, depth: usize) -> bool {
        let all = self.fill == Fill::All && depth < SHALLOW;
        !field.read_only && (all || field.required || field.required_in_requests)
    }

    /// Whether the spec's own example can be the value (a document's example of the wrong type
    /// would fail before the request is sent).
    fn fits(&self, ty: &Type, value: &Value) -> bool {
        match (ty, value) {
            (Type::Bool, Value::Bool(_)) => true,
            (Type::I32 | Type::I64, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (Type::F32 | Type::F64, Value::Number(_)) => true,
            (Type::String | Type::Base64 | Type::Binary, Value::String(_)) => true,
            (Type::Date, Value::String(s)) => is_date(s),
            (Type::DateTime, Value::String(s)) => {
                s.get(..10).is_some_and(is_date)
                    && s.as_bytes().get(10).is_some_and(|t| matches!(t, b'T' | b't' | b' '))
                    && s.get(11..13).is_some_and(|h| h.bytes().all(|b| b.is_ascii_digit()))
            }
            (Type::Json, _) => true,
            (Type::JsonObject | Type::Map(_), Value::Object(_)) => true,
            (Type::Vec(_), Value::Array(_)) => true,
            (Type::Nullable(inner) | Type::Expandable(inner), v) => self.fits(inner, v),
            (Type::Named(name), v) => match self.types.get(name) {
                Some(TypeDef::Enum(e)) => v.as_str().is_some_and(|s| e.variants.iter().any(|x| x.wire == s)),
                Some(TypeDef::Alias { ty, .. }) => self.fits(ty, v),
                Some(TypeDef::Struct(_)) => v.is_object(),
                Some(TypeDef::Union(_)) => true,
                None => false,
            },
            _ => false,
        }
    }
}

/// Whether the document's own example keeps the bounds and format its schema sets (GitHub's
/// `sha256:0ecb...` for a 71-character digest does not): one that breaks them is not sent.
fn obeys(about: Option<&About>, value: &Value) -> bool {
    let Some(about) = about else { return true };
    let c = &about.constraints;
    match value {
        Value::String(text) => {
            let length = text.chars().count();
            let scheme = |t: &str| {
                t.split_once(':').is_some_and(|(scheme, _)| {
                    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                })
            };
            c.min_length.is_none_or(|min| length >= min)
                && c.max_length.is_none_or(|max| length <= max)
                && match about.format.as_deref() {
                    Some("uri" | "url") => scheme(text),
                    Some("email") => text.contains('@'),
                    Some("uuid") => is_uuid(text),
                    Some("duration") => is_duration(text),
                    Some("json-pointer") => text.is_empty() || text.starts_with('/'),
                    _ => true,
                }
        }
        Value::Number(n) => {
            let Some(n) = n.as_f64() else { return true };
            let low = c.minimum.as_ref().and_then(|m| m.as_f64());
            let high = c.maximum.as_ref().and_then(|m| m.as_f64());
            low.is_none_or(|m| if c.exclusive_minimum { n > m } else { n >= m })
                && high.is_none_or(|m| if c.exclusive_maximum { n < m } else { n <= m })
        }
        Value::Array(items) => {
            c.min_items.is_none_or(|min| items.len() >= min) && c.max_items.is_none_or(|max| items.len() <= max)
        }
        _ => true,
    }
}

/// An integer inside the bounds: the (exclusive) minimum when there is one, else 1 (or the
/// maximum, if lower).
fn integer(about: Option<&About>) -> i64 {
    let c = about.map(|a| &a.constraints).cloned().unwrap_or_default();
    let whole = |n: &serde_json::Number| n.as_i64().or_else(|| n.as_f64().map(|f| f.ceil() as i64));
    match (c.minimum.as_ref().and_then(whole), c.maximum.as_ref().and_then(whole)) {
        (Some(min), _) => min.saturating_add(i64::from(c.exclusive_minimum)),
        (None, Some(max)) if max < 1 => max.saturating_sub(i64::from(c.exclusive_maximum)),
        _ => 1,
    }
}

/// A number inside the bounds: the minimum (half-way to the maximum, or one above, when the
/// minimum is exclusive), else the maximum (or one below), else 1.5.
fn number(about: Option<&About>) -> Value {
    let c = about.map(|a| &a.constraints).cloned().unwrap_or_default();
    let (min, max) = (c.minimum.as_ref().and_then(|n| n.as_f64()), c.maximum.as_ref().and_then(|n| n.as_f64()));
    let value = match (min, max) {
        (Some(min), Some(max)) if c.exclusive_minimum => (min + max) / 2.0,
        (Some(min), _) if c.exclusive_minimum => min + 1.0,
        (Some(min), _) => min,
        (None, Some(max)) if c.exclusive_maximum => max - 1.0,
        (None, Some(max)) => max,
        (None, None) => 1.5,
    };
    serde_json::Number::from_f64(value).map_or(json!(1.5), Value::Number)
}

/// `8-4-4-4-12` hexadecimal digits (RFC 4122's text form).
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// An ISO 8601 duration: `P`, then numbers each followed by its unit (`Y`, `M`, `W`, `D`; after a
/// `T`, `H`, `M`, `S`), at least one.
fn is_duration(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('P') else { return false };
    let (date, time) = rest.split_once('T').map_or((rest, None), |(d, t)| (d, Some(t)));
    let units = |part: &str, allowed: &str| {
        let mut digits = 0;
        part.chars().all(|c| match c {
            '0'..='9' | '.' => {
                digits += 1;
                true
            }
            u if allowed.contains(u) && digits > 0 => {
                digits = 0;
                true
            }
            _ => false,
        }) && digits == 0
    };
    (!date.is_empty() || time.is_some_and(|t| !t.is_empty()))
        && units(date, "YMWD")
        && time.is_none_or(|t| !t.is_empty() && units(t, "HMS"))
}

/// `YYYY-MM-DD`.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A string the pattern matches, when the pattern is one `regex-syntax` reads without Unicode
/// classes: each alternation its first branch, each class a plain character it holds, each
/// repetition its least count, and an open-ended one (`*`, `+`, `{n,}`) `extra` more.
fn matching(hir: &regex_syntax::hir::Hir, extra: usize) -> Option<String> {
    use regex_syntax::hir::{Class, Hir, HirKind};
    fn pick(contains: impl Fn(char) -> bool, first: Option<char>) -> Option<char> {
        "aA0x-_. ".chars().find(|c| contains(*c)).or(first.filter(|c| c.is_ascii_graphic()))
    }
    fn walk(hir: &Hir, extra: usize, out: &mut String) -> Option<()> {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(lit) => out.push_str(std::str::from_utf8(&lit.0).ok()?),
            HirKind::Class(Class::Unicode(class)) => {
                let ranges = class.ranges();
                out.push(pick(
                    |c| ranges.iter().any(|r| r.start() <= c && c <= r.end()),
                    ranges.first().map(|r| r.start()),
                )?);
            }
            HirKind::Class(Class::Bytes(class)) => {
                let ranges = class.ranges();
                let contains = |c: char| ranges.iter().any(|r| r.start() as char <= c && c <= r.end() as char);
                out.push(pick(contains, ranges.first().map(|r| r.start() as char))?);
            }
            HirKind::Repetition(rep) => {
                let more = if rep.max.is_none() { extra } else { 0 };
                for _ in 0..(rep.min as usize + more).min(256) {
                    walk(&rep.sub, extra, out)?;
                }
            }
            HirKind::Capture(capture) => walk(&capture.sub, extra, out)?,
            HirKind::Concat(parts) => parts.iter().try_for_each(|p| walk(p, extra, out))?,
            HirKind::Alternation(branches) => walk(branches.first()?, extra, out)?,
        }
        Some(())
    }
    let mut out = String::new();
    walk(hir, extra, &mut out)?;
    Some(out)
}

/// A string its pattern matches within the length bounds: the open-ended repetitions grow, one
/// step at a time, until the string is long enough.
fn matching_within(pattern: &str, min: usize, max: Option<usize>) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build().parse(pattern).ok()?;
    let fits = |t: &String| t.chars().count() >= min && max.is_none_or(|m| t.chars().count() <= m);
    let first = matching(&hir, 0)?;
    if fits(&first) || first.chars().count() > min {
        return Some(first);
    }
    (1..=256).find_map(|extra| matching(&hir, extra).filter(|t| fits(t))).or(Some(first))
}

/// A string of the format the spec names, within its length bounds, or one its pattern matches.
fn string(about: Option<&About>) -> String {
    let (min, max) = about.map_or((0, None), |a| (a.constraints.min_length.unwrap_or(0), a.constraints.max_length));
    if let Some(text) = about.and_then(|a| a.constraints.pattern.as_deref()).and_then(|p| matching_within(p, min, max))
    {
        return text;
    }
    let format = about.and_then(|a| a.format.as_deref()).unwrap_or("");
    let mut text = match format {
        "email" => "user@example.com".to_owned(),
        "uuid" => "3fa85f64-5717-4562-b3fc-2c963f66afa6".to_owned(),
        "uri" | "url" | "uri-reference" => "https://example.com/".to_owned(),
        "hostname" => "example.com".to_owned(),
        "ipv4" => "192.0.2.1".to_owned(),
        "ipv6" => "2001:db8::1".to_owned(),
        "date" => "2024-01-15".to_owned(),
        "date-time" => "2024-01-15T09:30:00Z".to_owned(),
        "time" => "09:30:00".to_owned(),
        "duration" => "PT1H".to_owned(),
        "json-pointer" => "/example".to_owned(),
        "relative-json-pointer" => "0".to_owned(),
        "regex" => "^example$".to_owned(),
        "uri-template" => "https://example.com/{id}".to_owned(),
        "idn-email" => "user@example.com".to_owned(),
        "idn-hostname" => "example.com".to_owned(),
        "iri" | "iri-reference" => "https://example.com/".to_owned(),
        _ => "example".to_owned(),
    };
    let c = about.map(|a| &a.constraints);
    if let Some(min) = c.and_then(|c| c.min_length) {
        while text.chars().count() < min {
            text.push('x');
        }
    }
    if let Some(max) = c.and_then(|c| c.max_length) {
        text = text.chars().take(max).collect();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::{is_date, matching_within, obeys, Examples, Fill};
    use crate::ir::{About, Constraints, Graph, Type, TypeDef, Union, UnionVariant};
    use serde_json::json;

    #[test]
    fn strings_match_their_pattern_within_their_bounds() {
        assert_eq!(matching_within("^[a-zA-Z0-9]{22}$", 0, None).as_deref(), Some("aaaaaaaaaaaaaaaaaaaaaa"));
        let uuid = "^[0-9A-Fa-f]{8}-([0-9A-Fa-f]{4}-){3}[0-9A-Fa-f]{12}$";
        assert_eq!(matching_within(uuid, 0, None).as_deref(), Some("aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"));
        // An open-ended repetition grows to the minimum length, and no further than the maximum.
        assert_eq!(matching_within("^[a-z-]*$", 3, Some(5)).map(|s| s.len()), Some(3));
        assert_eq!(
            matching_within("^arn:aws:iam::[0-9]{12}:role/.+$", 20, None).as_deref(),
            Some("arn:aws:iam::000000000000:role/a")
        );
        assert_eq!(matching_within("^(a|bb)+$", 0, None).as_deref(), Some("a"));
        assert_eq!(matching_within("\\p{L}", 0, None), None, "Unicode classes are left to the format");
    }

    #[test]
    fn formats_get_values_of_their_format() {
        let of = |format: &str| super::string(Some(&About { format: Some(format.to_owned()), ..Default::default() }));
        // What JSON Schema validators (ajv-formats, Prism's) check.
        assert_eq!(of("duration"), "PT1H");
        assert_eq!(of("json-pointer"), "/example");
        assert_eq!(of("uuid"), "3fa85f64-5717-4562-b3fc-2c963f66afa6");
        assert_eq!(of("no-such-format"), "example");
        // A document's example that is not of its format is not sent (ReadMe's `"TBD"`).
        for (ok, text) in
            [(true, "PT1H"), (true, "P3Y6M4DT12H30M5S"), (true, "P1W"), (false, "TBD"), (false, "P"), (false, "PT")]
        {
            assert_eq!(super::is_duration(text), ok, "{text}");
        }
    }

    #[test]
    fn dates_are_told_from_other_text() {
        assert!(is_date("2024-01-15"));
        assert!(!is_date("yyyy-MM-dd") && !is_date("2024-1-15"));
    }

    #[test]
    fn a_document_example_that_breaks_its_own_schema_is_not_used() {
        let digest = About {
            example: Some(json!("sha256:0ecb...")),
            constraints: Constraints { min_length: Some(71), max_length: Some(71), ..Default::default() },
            ..Default::default()
        };
        assert!(!obeys(Some(&digest), &json!("sha256:0ecb...")));
        let uri = About { format: Some("uri".to_owned()), ..Default::default() };
        assert!(!obeys(Some(&uri), &json!("com/github/bar/libfoo-1.2.3")));
        assert!(obeys(Some(&uri), &json!("https://example.com/a")));
        // Train Travel's `trip_id` example has 7 digits in its first group.
        let uuid = About { format: Some("uuid".to_owned()), ..Default::default() };
        assert!(!obeys(Some(&uuid), &json!("4f4e4e1-c824-4d63-b37a-d8d698862f1d")));
        assert!(obeys(Some(&uuid), &json!("4f4e4e10-c824-4d63-b37a-d8d698862f1d")));
        let count = About {
            constraints: Constraints { minimum: Some(1.into()), exclusive_minimum: true, ..Default::default() },
            ..Default::default()
        };
        assert!(!obeys(Some(&count), &json!(1)) && obeys(Some(&count), &json!(2)));
        let types = Graph::new([]);
        let built = Examples::new(&types, Fill::All).value(&Type::String, &digest);
        assert_eq!(built.as_str().map(str::len), Some(71));
    }

    #[test]
    fn a_union_example_takes_a_variant_no_other_reads_as_text() {
        let variant = |name: &str, ty: Type| UnionVariant { name: name.to_owned(), ty, tags: vec![], boxed: false };
        let union = TypeDef::Union(Union {
            name: "WorkflowId".to_owned(),
            doc: None,
            discriminator: None,
            variants: vec![variant("Integer", Type::I64), variant("String", Type::String)],
            catch_all: None,
        });
        let types = Graph::new([&union]);
        let value = Examples::new(&types, Fill::All).value(&Type::Named("WorkflowId".to_owned()), &About::default());
        assert_eq!(value, json!("example"), "`1` would be both an integer and a string on the wire");
    }
}
