//! Every naming rule in one place: OpenAPI names to Rust identifiers, keywords, digits, empty names,
//! `roles[]`-style brackets, and de-duplication after case conversion.

use heck::{ToKebabCase, ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};

/// Rust's strict and reserved keywords (2021 edition), plus the ones of later editions.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The names a request builder uses for its own fields and methods, which no parameter setter may
/// take: written by `emit/requests.rs` (a test there holds it to this list), `send_value` and
/// `send_raw` by the runtime's `send_value_and_raw!`.
pub const BUILDER_MEMBERS: &[&str] = &[
    "body",
    "client",
    "self",
    "options",
    "new",
    "send",
    "send_with_response",
    "send_value",
    "send_raw",
    "into_request",
    "stream",
    "pages",
    "collect_all",
];

/// Type names the generated code itself uses, which a schema must not shadow.
pub const RESERVED_TYPES: &[&str] = &[
    "Client",
    "Server",
    "Error",
    "Result",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "Vec",
    "String",
    "Box",
    "BaseUrl",
    "ApiClient",
    "ApiError",
    "ClientBuilder",
    "FilePart",
    "Base64",
    "ToParam",
    "Self",
    "Response",
    "RequestOptions",
    "Page",
    "Multipart",
];

/// Keeps letters, digits and separators; everything else (brackets, dots, symbols) becomes a separator,
/// so `roles[]` and `roles` name the same thing and `x-request-id` splits into words.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            // Non-ASCII letters are valid in Rust identifiers but trip up readers and lints
            // (`non_ascii_idents`); spell them as their code point.
            out.push_str(&format!("_u{:x}_", c as u32));
        } else {
            out.push('_');
        }
    }
    out
}

/// The names a conversion gave, by what it was given: a large document names the same things
/// over and over (GitHub's, `url` thousands of times), and converting case costs far more than a
/// lookup. Bounded, for a process that generates from many documents.
#[derive(Default)]
struct Memo(RefCell<HashMap<Box<str>, String>>);

impl Memo {
    fn get(&self, raw: &str, convert: fn(&str) -> String) -> String {
        if let Some(name) = self.0.borrow().get(raw) {
            return name.clone();
        }
        let name = convert(raw);
        let mut seen = self.0.borrow_mut();
        if seen.len() >= 1 << 16 {
            seen.clear();
        }
        seen.insert(raw.into(), name.clone());
        name
    }
}

fn fix_start(ident: String, prefix: &str) -> String {
    match ident.chars().next() {
        None => prefix.to_owned(),
        Some(c) if c.is_ascii_digit() => format!("{prefix}{ident}"),
        Some(_) => ident,
    }
}

/// `UpperCamelCase` for a type or enum variant; never empty, never starts with a digit.
pub fn type_name(raw: &str) -> String {
    // Names made of converted names (`IssueUser`) are many and each is seen once.
    if is_upper_camel(raw) {
        return checked_type_name(raw.to_owned());
    }
    thread_local!(static SEEN: Memo = Memo::default());
    SEEN.with(|memo| memo.get(raw, |raw| checked_type_name(words(raw).to_upper_camel_case())))
}

/// Whether `to_upper_camel_case` leaves `raw` as it is: ASCII letters and digits, an uppercase
/// first letter, and every other uppercase letter after a lowercase one (digits between them
/// allowed): heck starts a word at each of those letters and capitalises each word, so `Issue2User`
/// stays, while `A2B` (`A2b`) and `HTTPServer` (`HttpServer`) do not.
fn is_upper_camel(raw: &str) -> bool {
    // Whether the last letter seen was uppercase.
    let mut last_upper = false;
    raw.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        && raw.bytes().enumerate().all(|(i, b)| {
            let ok = b.is_ascii_alphanumeric() && !(i > 0 && b.is_ascii_uppercase() && last_upper);
            if b.is_ascii_alphabetic() {
                last_upper = b.is_ascii_uppercase();
            }
            ok
        })
}

/// An UpperCamelCase name made a valid type name: never empty, no leading digit, no keyword.
fn checked_type_name(name: String) -> String {
    let name = fix_start(name, "T");
    if KEYWORDS.contains(&name.as_str()) || RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Type")
    } else {
        name
    }
}

/// The variant of a union's inline member, named by its position (`Variant1`, `Variant2`, ...);
/// the member's type is the union's name followed by it.
pub fn member_variant(position: usize) -> String {
    format!("Variant{position}")
}

/// Whether a variant is named by its position ([`member_variant`]), which says nothing of it.
pub fn is_member_variant(name: &str) -> bool {
    name.strip_prefix("Variant").is_some_and(|i| i.parse::<usize>().is_ok())
}

/// `UpperCamelCase` for an enum variant from its wire value.
pub fn variant_name(raw: &str) -> String {
    thread_local!(static SEEN: Memo = Memo::default());
    SEEN.with(|memo| memo.get(raw, variant_name_uncached))
}

fn variant_name_uncached(raw: &str) -> String {
    let name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        return "Empty".to_owned();
    }
    let name = fix_start(name, "V");
    if name == "Self" {
        "SelfValue".to_owned()
    } else {
        name
    }
}

/// `snake_case` for a field, parameter or method. A keyword becomes a raw identifier (`type` ->
/// `r#type`), as serde and the AWS SDK spell them; the few that cannot be raw get a trailing `_`.
pub fn field_name(raw: &str) -> String {
    thread_local!(static SEEN: Memo = Memo::default());
    SEEN.with(|memo| memo.get(raw, field_name_uncached))
}

fn field_name_uncached(raw: &str) -> String {
    let name = words(raw).to_snake_case();
    let name = if name.is_empty() { "field".to_owned() } else { fix_start(name, "n") };
    if matches!(name.as_str(), "_" | "crate" | "self" | "super") {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The cargo feature that compiles the operations of an OpenAPI tag: its words in kebab-case
/// (`User Identities` -> `user-identities`); `None` for a tag with no words. `default` is cargo's
/// own, so that tag becomes `default-tag`.
pub fn feature_name(tag: &str) -> Option<String> {
    let name = words(tag).to_kebab_case();
    match name.as_str() {
        "" => None,
        "default" => Some("default-tag".to_owned()),
        _ => Some(name),
    }
}

/// The variant names of a string enum: each value's name, without the words every value starts
/// (or ends) with when the enum's own name has them too, so `InfrastructureToggleField` gets
/// `AdminAccess` for `INFRASTRUCTURE_ADMIN_ACCESS`. Values keep their full names when stripping
/// would leave one empty or two alike.
pub fn variant_names(enum_name: &str, values: &[&str]) -> Vec<String> {
    let full: Vec<String> = values.iter().map(|v| variant_name(v)).collect();
    thread_local!(static SNAKE: Memo = Memo::default());
    let split = |s: &str| -> Vec<String> {
        let snake = SNAKE.with(|memo| memo.get(s, |s| words(s).to_snake_case()));
        snake.split('_').filter(|w| !w.is_empty()).map(str::to_owned).collect()
    };
    let own = split(enum_name);
    let each: Vec<Vec<String>> = values.iter().map(|v| split(v)).collect();
    if each.len() < 2 {
        return full;
    }
    let shortest = each.iter().map(Vec::len).min().unwrap_or(0);
    let shared = |at: &dyn Fn(&Vec<String>, usize) -> Option<String>| {
        (0..shortest)
            .take_while(|&i| {
                let first = at(&each[0], i);
                first.as_ref().is_some_and(|w| own.contains(w)) && each.iter().all(|v| at(v, i) == first)
            })
            .count()
    };
    let lead = shared(&|v, i| v.get(i).cloned());
    let trail = shared(&|v, i| v.len().checked_sub(i + 1).and_then(|j| v.get(j).cloned()));
    if lead + trail == 0 || lead + trail >= shortest {
        return full;
    }
    let rests: Vec<&[String]> = each.iter().map(|v| &v[lead..v.len() - trail]).collect();
    // A name left starting with a digit would need a prefix: keep the full names instead.
    let valid = rests.iter().all(|r| r.first().is_some_and(|w| !w.starts_with(|c: char| c.is_ascii_digit())));
    let short: Vec<String> = rests.iter().map(|r| variant_name(&r.join("_"))).collect();
    let distinct: BTreeSet<&String> = short.iter().collect();
    if distinct.len() == short.len() && valid {
        short
    } else {
        full
    }
}

/// `SHOUTY_SNAKE_CASE` for a constant; never empty, never starts with a digit.
pub fn const_name(raw: &str) -> String {
    let name = words(raw).to_shouty_snake_case();
    match name.chars().next() {
        None => "KEY".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("K{name}"),
        Some(_) if KEYWORDS.contains(&name.as_str()) => format!("{name}_"),
        Some(_) => name,
    }
}

/// The method name for an operation: its `operationId` (without a NestJS-style `XController_`
/// prefix), or the HTTP method and path when there is none (`get /users/{id}` -> `get_users_by_id`).
pub fn operation_name(operation_id: Option<&str>, method: &str, path: &str) -> String {
    match operation_id.filter(|id| !id.trim().is_empty()) {
        Some(id) => field_name(strip_controller(id)),
        None => {
            let mut raw = method.to_owned();
            for segment in path.split('/').filter(|s| !s.is_empty()) {
                raw.push('_');
                match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(param) => {
                        raw.push_str("by_");
                        raw.push_str(param);
                    }
                    None => raw.push_str(segment),
                }
            }
            field_name(&raw)
        }
    }
}

fn strip_controller(id: &str) -> &str {
    match id.split_once('_') {
        Some((prefix, rest)) if prefix.ends_with("Controller") && !rest.is_empty() => rest,
        _ => id,
    }
}

/// Hands out unique names within one namespace, in the order asked, so the result is deterministic:
/// the first `UserRole` keeps its name, a later one that collides after case conversion becomes
/// `UserRole2`.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace { taken: reserved.iter().map(|s| (*s).to_owned()).collect() }
    }

    /// `name`, or `name2`, `name3`, ... whichever is free first; marks it taken.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let sep = if name.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2..).map(|n| format!("{name}{sep}{n}")).find(|candidate| self.taken.insert(candidate.clone())).unwrap_or(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_already_in_upper_camel_case_are_kept_as_heck_would() {
        // Every string of up to five of these characters: the shortcut agrees with heck.
        let alphabet = ['A', 'B', 'c', 'd', '2', '_'];
        let mut strings = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> =
                strings.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            strings.extend(longer);
        }
        let mut kept = 0;
        for s in &strings {
            if is_upper_camel(s) {
                assert_eq!(words(s).to_upper_camel_case(), *s, "{s}");
                kept += 1;
            }
        }
        assert!(kept > 100, "{kept}");
        for (s, keep) in
            [("Issue2User", true), ("IssueUser", true), ("A2B", false), ("HTTPServer", false), ("a", false)]
        {
            assert_eq!(is_upper_camel(s), keep, "{s}");
        }
    }

    #[test]
    fn feature_names() {
        assert_eq!(feature_name("User Identities").as_deref(), Some("user-identities"));
        assert_eq!(feature_name("code_scanning").as_deref(), Some("code-scanning"));
        assert_eq!(feature_name("default").as_deref(), Some("default-tag"));
        assert_eq!(feature_name(" ! "), None);
    }

    #[test]
    fn brackets_keywords_digits_and_empties() {
        assert_eq!(field_name("roles[]"), "roles");
        assert_eq!(field_name("excludeUserIds[]"), "exclude_user_ids");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("async"), "r#async");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("2fa"), "n2fa");
        assert_eq!(field_name(""), "field");
        assert_eq!(field_name("x-request-id"), "x_request_id");
        assert_eq!(type_name("user_identity"), "UserIdentity");
        assert_eq!(type_name("Self"), "SelfType");
        assert_eq!(type_name("Error"), "ErrorType");
        assert_eq!(type_name("3DSecure"), "T3dSecure");
        assert_eq!(variant_name("SEC_TRAINING"), "SecTraining");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("1"), "V1");
        assert_eq!(field_name("café"), "caf_ue9");
    }

    #[test]
    fn enum_variants_drop_words_their_enum_name_repeats() {
        let v = |name, values: &[&str]| variant_names(name, values);
        assert_eq!(
            v("InfrastructureToggleField", &["INFRASTRUCTURE_ADMIN_ACCESS", "INFRASTRUCTURE_DB_ACCESS"]),
            ["AdminAccess", "DbAccess"]
        );
        assert_eq!(v("Role", &["ADMIN_ROLE", "USER_ROLE"]), ["Admin", "User"]);
        // Words the enum's name does not have stay.
        assert_eq!(v("Status", &["TASK_OPEN", "TASK_DONE"]), ["TaskOpen", "TaskDone"]);
        // Not when a name would be left empty, start with a digit, or clash.
        assert_eq!(v("Field", &["FIELD", "FIELD_A"]), ["Field", "FieldA"]);
        assert_eq!(v("Mode", &["MODE_2D", "MODE_3D"]), ["Mode2d", "Mode3d"]);
        assert_eq!(v("Kind", &["KIND_A", "kind-a"]), ["KindA", "KindA"]);
        assert_eq!(v("Kind", &["KIND_A"]), ["KindA"]);
    }

    #[test]
    fn operation_names() {
        assert_eq!(operation_name(Some("UsersPublicController_getAllDocuments"), "get", "/x"), "get_all_documents");
        assert_eq!(operation_name(Some("listPets"), "get", "/pets"), "list_pets");
        assert_eq!(operation_name(None, "get", "/users/{id}/documents"), "get_users_by_id_documents");
        assert_eq!(operation_name(Some(" "), "delete", "/"), "delete");
    }

    #[test]
    fn collisions_after_case_conversion_are_numbered_in_order() {
        let mut ns = Namespace::default();
        assert_eq!(ns.claim(type_name("user-role")), "UserRole");
        assert_eq!(ns.claim(type_name("UserRole")), "UserRole2");
        assert_eq!(ns.claim(type_name("user_role")), "UserRole3");
        let mut ns = Namespace::default();
        assert_eq!(ns.claim("v1".into()), "v1");
        assert_eq!(ns.claim("v1".into()), "v1_2");
    }
}
