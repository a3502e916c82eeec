//! The fast path for a JSON document: the path items and the component entries, which are nearly
//! all of a large document, are parsed on every core, each by `openapiv3`'s own deserializer, and
//! put back in document order. Everything else (the small rest: `info`, `tags`, extensions, ...)
//! is parsed as it always is, with those maps left empty. So the result equals a plain parse of
//! the whole text; a test holds it to that.
//!
//! A plain parse is also slow for a reason this avoids: `openapiv3` reads most objects through
//! `#[serde(flatten)]`, which first copies the whole object into a buffer; at the top level that
//! buffer is the whole document.
//!
//! Anything unusual (a value that does not parse, a duplicated section, `null` where a map goes)
//! gives `None`, and the caller takes the ordinary path, whose error says where the problem is.

use indexmap::IndexMap;
use openapiv3::{
    Callback, Example, Header, Link, OpenAPI, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
    SecurityScheme,
};
use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The entries of a JSON object in document order, each value unparsed.
#[derive(Default)]
struct Entries<'a>(Vec<(String, &'a RawValue)>);

/// An object read entry by entry in one pass: each type says what to do with a key's value.
trait ReadEntries<'de>: Default {
    const WHAT: &'static str;
    fn entry<A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error>;
}

struct ObjectVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: ReadEntries<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(T::WHAT)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        while let Some(key) = map.next_key()? {
            value.entry(key, &mut map)?;
        }
        Ok(value)
    }
}

/// `Deserialize` through `ReadEntries`.
macro_rules! read_entries {
    ($($t:ident),*) => {$(
        impl<'de> Deserialize<'de> for $t<'de> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
            }
        }
    )*};
}

read_entries!(Entries, Document, Components);

impl<'de> ReadEntries<'de> for Entries<'de> {
    const WHAT: &'static str = "an object";
    fn entry<A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error> {
        self.0.push((key, map.next_value()?));
        Ok(())
    }
}

/// A document read in one pass: `paths` and each map of `components` as their entries, the rest
/// unparsed. A section given twice is an error (a plain parse says where).
#[derive(Default)]
struct Document<'a> {
    rest: Entries<'a>,
    paths: Option<Entries<'a>>,
    components: Option<Components<'a>>,
}

#[derive(Default)]
struct Components<'a> {
    rest: Entries<'a>,
    maps: Vec<(Section, Entries<'a>)>,
}

impl<'de> ReadEntries<'de> for Document<'de> {
    const WHAT: &'static str = "an OpenAPI document";
    fn entry<A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error> {
        match key.as_str() {
            "paths" if self.paths.is_none() => self.paths = Some(map.next_value()?),
            "components" if self.components.is_none() => self.components = Some(map.next_value()?),
            "paths" | "components" => return Err(A::Error::custom("a section given twice")),
            _ => self.rest.0.push((key, map.next_value()?)),
        }
        Ok(())
    }
}

impl<'de> ReadEntries<'de> for Components<'de> {
    const WHAT: &'static str = "a components object";
    fn entry<A: MapAccess<'de>>(&mut self, key: String, map: &mut A) -> Result<(), A::Error> {
        match COMPONENT_SECTIONS.iter().find(|(name, _)| *name == key) {
            Some((_, section)) if self.maps.iter().any(|(s, _)| s == section) => {
                return Err(A::Error::custom("a section given twice"))
            }
            Some((_, section)) => self.maps.push((*section, map.next_value()?)),
            None => self.rest.0.push((key, map.next_value()?)),
        }
        Ok(())
    }
}

impl Entries<'_> {
    /// The object's text (what is left of it).
    fn text(&self) -> Option<String> {
        let mut out = String::from("{");
        for (i, (key, value)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&serde_json::to_string(key).ok()?);
            out.push(':');
            out.push_str(value.get());
        }
        out.push('}');
        Some(out)
    }
}

/// The maps of `components` that are parsed entry by entry (every map it has).
#[derive(Clone, Copy, PartialEq)]
enum Section {
    Paths,
    Schemas,
    Responses,
    Parameters,
    Examples,
    RequestBodies,
    Headers,
    SecuritySchemes,
    Links,
    Callbacks,
}

const COMPONENT_SECTIONS: [(&str, Section); 9] = [
    ("schemas", Section::Schemas),
    ("responses", Section::Responses),
    ("parameters", Section::Parameters),
    ("examples", Section::Examples),
    ("requestBodies", Section::RequestBodies),
    ("headers", Section::Headers),
    ("securitySchemes", Section::SecuritySchemes),
    ("links", Section::Links),
    ("callbacks", Section::Callbacks),
];

/// One parsed entry, boxed: a `PathItem` is a large value, and thousands wait to be put in place.
enum Part {
    PathItem(Box<ReferenceOr<PathItem>>),
    Schema(Box<ReferenceOr<Schema>>),
    Response(Box<ReferenceOr<Response>>),
    Parameter(Box<ReferenceOr<Parameter>>),
    Example(Box<ReferenceOr<Example>>),
    RequestBody(Box<ReferenceOr<RequestBody>>),
    Header(Box<ReferenceOr<Header>>),
    SecurityScheme(Box<ReferenceOr<SecurityScheme>>),
    Link(Box<ReferenceOr<Link>>),
    Callback(Box<ReferenceOr<Callback>>),
}

impl Section {
    fn parse(self, text: &str) -> Option<Part> {
        fn of<'a, T: Deserialize<'a>>(text: &'a str, part: fn(Box<T>) -> Part) -> Option<Part> {
            serde_json::from_str(text).ok().map(|v| part(Box::new(v)))
        }
        match self {
            Section::Paths => of(text, Part::PathItem),
            Section::Schemas => of(text, Part::Schema),
            Section::Responses => of(text, Part::Response),
            Section::Parameters => of(text, Part::Parameter),
            Section::Examples => of(text, Part::Example),
            Section::RequestBodies => of(text, Part::RequestBody),
            Section::Headers => of(text, Part::Header),
            Section::SecuritySchemes => of(text, Part::SecurityScheme),
            Section::Links => of(text, Part::Link),
            Section::Callbacks => of(text, Part::Callback),
        }
    }
}

/// `text` (a JSON document) parsed on `threads` threads; `None` when a plain parse must decide.
pub(super) fn parse(text: &str, threads: usize) -> Option<OpenAPI> {
    let Document { rest: top, paths, components } = serde_json::from_str(text).ok()?;
    let mut paths = paths?;
    // Keys that are not paths (extensions) stay with the rest; path items are parsed apart.
    let mut units: Vec<(Section, String, &RawValue)> = Vec::new();
    let (items, rest): (Vec<_>, Vec<_>) = paths.0.drain(..).partition(|(k, _)| k.starts_with('/'));
    paths.0 = rest;
    units.extend(items.into_iter().map(|(k, v)| (Section::Paths, k, v)));
    let components = match components {
        Some(components) => {
            for (section, entries) in components.maps {
                units.extend(entries.0.into_iter().map(|(k, v)| (section, k, v)));
            }
            Some(components.rest.text()?)
        }
        None => None,
    };
    // The rest of the document, with `paths` and `components` emptied of what is parsed apart.
    let mut rest = top.text()?;
    rest.pop();
    let paths_text = paths.text()?;
    rest.push_str(&format!("{}\"paths\":{paths_text}", if top.0.is_empty() { "" } else { "," }));
    if let Some(components) = &components {
        rest.push_str(&format!(",\"components\":{components}"));
    }
    rest.push('}');
    let mut doc: OpenAPI = serde_json::from_str(&rest).ok()?;

    let parts = parse_all(&units, threads)?;
    // Component entries exist only when `components` does, so it is `Some` wherever one goes.
    let (paths, components) = (&mut doc.paths.paths, &mut doc.components);
    paths.reserve(units.iter().filter(|(section, ..)| matches!(section, Section::Paths)).count());
    for ((_, key, _), part) in units.into_iter().zip(parts) {
        // `insert`, as `openapiv3`'s maps do: a repeated key keeps its first place and last value.
        match part {
            Part::PathItem(v) => insert(paths, key, *v),
            Part::Schema(v) => insert(&mut components.as_mut()?.schemas, key, *v),
            Part::Response(v) => insert(&mut components.as_mut()?.responses, key, *v),
            Part::Parameter(v) => insert(&mut components.as_mut()?.parameters, key, *v),
            Part::Example(v) => insert(&mut components.as_mut()?.examples, key, *v),
            Part::RequestBody(v) => insert(&mut components.as_mut()?.request_bodies, key, *v),
            Part::Header(v) => insert(&mut components.as_mut()?.headers, key, *v),
            Part::SecurityScheme(v) => insert(&mut components.as_mut()?.security_schemes, key, *v),
            Part::Link(v) => insert(&mut components.as_mut()?.links, key, *v),
            Part::Callback(v) => insert(&mut components.as_mut()?.callbacks, key, *v),
        }
    }
    Some(doc)
}

fn insert<T>(map: &mut IndexMap<String, T>, key: String, value: T) {
    map.insert(key, value);
}

/// Each unit parsed, in order, on up to `threads` threads taking units as they go (schemas vary
/// in size a thousandfold). `None` as soon as one does not parse.
fn parse_all(units: &[(Section, String, &RawValue)], threads: usize) -> Option<Vec<Part>> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let work = || {
        let mut done = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some((section, _, raw)) = units.get(i) else { break };
            match section.parse(raw.get()) {
                Some(part) => done.push((i, part)),
                None => failed.store(true, Ordering::Relaxed),
            }
        }
        done
    };
    let mut slots: Vec<Option<Part>> = (0..units.len()).map(|_| None).collect();
    let done = std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads.min(units.len())).map(|_| scope.spawn(work)).collect();
        let mut done = vec![work()];
        for worker in workers {
            done.push(worker.join().ok()?);
        }
        Some(done)
    })?;
    for (i, part) in done.into_iter().flatten() {
        slots[i] = Some(part);
    }
    slots.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::parse;

    /// Every document of the test suite, as JSON: the parallel parse equals a plain one.
    #[test]
    fn equals_a_plain_parse() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/specs");
        let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        paths.push(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/drata.yaml").into());
        paths.sort();
        let mut compared = 0;
        for path in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")) {
            let value: serde_json::Value = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            let json = serde_json::to_string(&value).unwrap();
            let plain = serde_json::from_str::<openapiv3::OpenAPI>(&json);
            for threads in [1, 3] {
                match &plain {
                    Ok(plain) => assert!(parse(&json, threads).as_ref() == Some(plain), "{}", path.display()),
                    Err(_) => assert!(parse(&json, threads).is_none(), "{}", path.display()),
                }
            }
            compared += 1;
        }
        assert!(compared > 10, "{compared}");
    }

    #[test]
    fn what_it_cannot_do_exactly_is_left_to_a_plain_parse() {
        let doc = |body: &str| format!(r#"{{"openapi":"3.0.3","info":{{"title":"t","version":"1"}},{body}}}"#);
        // Twice the same section, `null` for a map, a wrong value inside an entry, no paths.
        for body in [
            r#""paths":{},"paths":{}"#,
            r#""paths":{},"components":{"schemas":{},"schemas":{}}"#,
            r#""paths":{},"components":{"schemas":null}"#,
            r#""paths":{"/a":{"get":{"responses":{"200":{"description":5}}}}}"#,
            r#""components":{}"#,
        ] {
            assert!(parse(&doc(body), 2).is_none(), "{body}");
        }
        // Repeated keys inside a map: the first place and the last value, as a plain parse does.
        let text = doc(r#""paths":{"/a":{"summary":"1"},"/b":{},"/a":{"summary":"2"},"x-y":1}"#);
        let fast = parse(&text, 2).unwrap();
        assert_eq!(fast, serde_json::from_str::<openapiv3::OpenAPI>(&text).unwrap());
        assert_eq!(fast.paths.paths.keys().collect::<Vec<_>>(), ["/a", "/b"]);
        assert_eq!(fast.paths.extensions.len(), 1);
    }
}
