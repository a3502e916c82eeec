//! The wire form of parameters and form fields: every `style` and `explode` of OpenAPI 3
//! (§4.7.12.4, "Style Values" and "Style Examples"), for any value serde can serialize.
//!
//! A value is first turned into a [`Node`] (text, a list, or an object with its properties in
//! order), then rendered for its location: path, query (and `x-www-form-urlencoded` bodies), header
//! or cookie. Scalars render through `Display`, so `0.1f32` is `0.1` and dates are RFC 3339, as
//! their `Serialize` impls write them.
//!
//! What OpenAPI leaves undefined follows the convention real servers read (Stripe, Rails, qs):
//! a value nested inside an object or list is written with brackets, `a[b][c]=v` and `a[0][b]=v`,
//! in `deepObject` and in exploded `form`; an empty list or object, like an absent value, is not
//! sent (RFC 6570's "undefined").

use crate::param::{encode_key, encode_value};
use serde::ser::{self, Serialize};
use std::fmt;

/// How a parameter or form field is serialized: OpenAPI's `style`, with `explode` where it matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// `blue`, `blue,black`, `R,100,G,200` (`R=100,G=200` exploded): path and header.
    Simple {
        /// `explode` of the parameter.
        explode: bool,
    },
    /// `.blue`, `.blue,black` (`.blue.black` exploded): path.
    Label {
        /// `explode` of the parameter.
        explode: bool,
    },
    /// `;color=blue`, `;color=blue,black` (`;color=blue;color=black` exploded): path.
    Matrix {
        /// `explode` of the parameter.
        explode: bool,
    },
    /// `color=blue`, `color=blue,black` (`color=blue&color=black` exploded): query, cookie, forms.
    Form {
        /// `explode` of the parameter.
        explode: bool,
    },
    /// `color=blue%20black`: query arrays and objects.
    SpaceDelimited,
    /// `color=blue|black`: query arrays and objects.
    PipeDelimited,
    /// `color[R]=100&color[G]=200`: query objects.
    DeepObject,
    /// The value as JSON text: a parameter with `content: application/json`.
    Json,
}

impl Style {
    /// `simple`, with `explode` as given.
    pub const fn simple(explode: bool) -> Style {
        Style::Simple { explode }
    }

    /// `label`, with `explode` as given.
    pub const fn label(explode: bool) -> Style {
        Style::Label { explode }
    }

    /// `matrix`, with `explode` as given.
    pub const fn matrix(explode: bool) -> Style {
        Style::Matrix { explode }
    }

    /// `form`, with `explode` as given.
    pub const fn form(explode: bool) -> Style {
        Style::Form { explode }
    }
}

/// A value as the styles see it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// `None` or `()`: nothing is sent.
    Absent,
    /// A scalar, as text.
    Text(String),
    List(Vec<Node>),
    /// Properties in the order the value serializes them.
    Object(Vec<(String, Node)>),
}

impl Node {
    /// Absent, or a list or object with nothing in it: RFC 6570 sends nothing for these.
    fn is_undefined(&self) -> bool {
        match self {
            Node::Absent => true,
            Node::Text(_) => false,
            Node::List(items) => items.is_empty(),
            Node::Object(props) => props.is_empty(),
        }
    }
}

/// The wire text of one query pair or form field: key and value, each percent-encoded.
pub(crate) type Pair = (String, String);

/// `value` as a [`Node`], or what kept it from being one (a map with keys that are not text).
pub(crate) fn node<T: Serialize + ?Sized>(value: &T) -> Result<Node, String> {
    value.serialize(NodeSerializer).map_err(|e| e.0)
}

/// A node's text where only text is defined: nested lists and objects (which OpenAPI does not
/// define inside a delimited value) are their items joined by commas.
fn flat(node: &Node, reserved: bool) -> String {
    match node {
        Node::Absent => String::new(),
        Node::Text(t) => encode_value(t, reserved),
        Node::List(items) => items.iter().map(|i| flat(i, reserved)).collect::<Vec<_>>().join(","),
        Node::Object(props) => props
            .iter()
            .map(|(k, v)| format!("{},{}", encode_value(k, reserved), flat(v, reserved)))
            .collect::<Vec<_>>()
            .join(","),
    }
}

/// The items of a list, or the keys and values of an object, encoded and joined by `delimiter`.
fn joined(node: &Node, delimiter: &str, reserved: bool) -> String {
    match node {
        Node::List(items) => items.iter().map(|i| flat(i, reserved)).collect::<Vec<_>>().join(delimiter),
        Node::Object(props) => props
            .iter()
            .flat_map(|(k, v)| [encode_value(k, reserved), flat(v, reserved)])
            .collect::<Vec<_>>()
            .join(delimiter),
        other => flat(other, reserved),
    }
}

/// `prefix[key]...=value` for every text inside `node` (the bracket convention), `prefix=value`
/// for text itself.
fn brackets(prefix: String, node: &Node, reserved: bool, out: &mut Vec<Pair>) {
    match node {
        Node::Absent => {}
        Node::Text(t) => out.push((prefix, encode_value(t, reserved))),
        Node::List(items) => {
            for (i, item) in items.iter().enumerate() {
                brackets(format!("{prefix}[{i}]"), item, reserved, out);
            }
        }
        Node::Object(props) => {
            for (k, v) in props {
                brackets(format!("{prefix}[{}]", encode_key(k)), v, reserved, out);
            }
        }
    }
}

/// The query pairs (or form fields) of parameter `name`.
pub(crate) fn query(name: &str, node: &Node, style: Style, reserved: bool, out: &mut Vec<Pair>) {
    if node.is_undefined() {
        return;
    }
    let key = encode_key(name);
    match (style, node) {
        (Style::Json, _) => {}
        (_, Node::Absent) => {}
        // A scalar is `name=value` in every query style (the others define none for it).
        (_, Node::Text(t)) => out.push((key, encode_value(t, reserved))),
        (Style::DeepObject, _) => brackets(key, node, reserved, out),
        (Style::Form { explode: true } | Style::Simple { explode: true }, Node::List(items)) => {
            for (i, item) in items.iter().enumerate() {
                match item {
                    Node::Text(t) => out.push((key.clone(), encode_value(t, reserved))),
                    // An object or list inside an exploded list: by its index.
                    nested => brackets(format!("{key}[{i}]"), nested, reserved, out),
                }
            }
        }
        (Style::Form { explode: true } | Style::Simple { explode: true }, Node::Object(props)) => {
            for (k, v) in props {
                match v {
                    // Each property as a parameter of its own name, itself exploded.
                    Node::Text(_) | Node::List(_) => query(k, v, Style::Form { explode: true }, reserved, out),
                    nested => brackets(encode_key(k), nested, reserved, out),
                }
            }
        }
        (Style::SpaceDelimited, _) => out.push((key, joined(node, "%20", reserved))),
        (Style::PipeDelimited, _) => out.push((key, joined(node, "|", reserved))),
        // Form without explode, and path styles where a query was asked for: comma-separated.
        _ => out.push((key, joined(node, ",", reserved))),
    }
}

/// The text of path parameter `name` (percent-encoded; the style's delimiters as they are). A
/// whole segment of `.` or `..` has its dots encoded, so URL parsers cannot take it for a step.
pub(crate) fn path(name: &str, node: &Node, style: Style) -> String {
    let text = path_text(name, node, style);
    match text.as_str() {
        "." | ".." => text.replace('.', "%2E"),
        _ => text,
    }
}

fn path_text(name: &str, node: &Node, style: Style) -> String {
    let name = encode_value(name, false);
    let pairs = |node: &Node, within: &str, between: &str| match node {
        Node::Object(props) => props
            .iter()
            .map(|(k, v)| format!("{}{within}{}", encode_value(k, false), flat(v, false)))
            .collect::<Vec<_>>()
            .join(between),
        other => flat(other, false),
    };
    match (style, node) {
        (_, Node::Absent) => String::new(),
        (Style::Label { .. }, Node::Text(t)) => format!(".{}", encode_value(t, false)),
        (Style::Matrix { .. }, Node::Text(t)) if t.is_empty() => format!(";{name}"),
        (Style::Matrix { .. }, Node::Text(t)) => format!(";{name}={}", encode_value(t, false)),
        (_, n) if n.is_undefined() => String::new(),
        (Style::Label { explode: true }, Node::List(_)) => format!(".{}", joined(node, ".", false)),
        (Style::Label { explode: true }, Node::Object(_)) => format!(".{}", pairs(node, "=", ".")),
        (Style::Label { explode: false }, _) => format!(".{}", joined(node, ",", false)),
        (Style::Matrix { explode: true }, Node::List(items)) => {
            items.iter().map(|i| format!(";{name}={}", flat(i, false))).collect()
        }
        (Style::Matrix { explode: true }, Node::Object(_)) => format!(";{}", pairs(node, "=", ";")),
        (Style::Matrix { explode: false }, _) => format!(";{name}={}", joined(node, ",", false)),
        (Style::Simple { explode: true }, Node::Object(_)) => pairs(node, "=", ","),
        (Style::Json, _) => String::new(),
        _ => joined(node, ",", false),
    }
}

/// The text of a header parameter (`simple`, as sent: header values are not percent-encoded);
/// `None` for an absent value or an empty list or object.
pub(crate) fn header(node: &Node, explode: bool) -> Option<String> {
    fn text(node: &Node) -> String {
        match node {
            Node::Absent => String::new(),
            Node::Text(t) => t.clone(),
            Node::List(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
            Node::Object(props) => props.iter().map(|(k, v)| format!("{k},{}", text(v))).collect::<Vec<_>>().join(","),
        }
    }
    Some(match node {
        n if n.is_undefined() => return None,
        Node::Object(props) if explode => {
            props.iter().map(|(k, v)| format!("{k}={}", text(v))).collect::<Vec<_>>().join(",")
        }
        other => text(other),
    })
}

/// The cookies of cookie parameter `name` (`form`): one pair, or with `explode` one per item or
/// property.
pub(crate) fn cookies(name: &str, node: &Node, explode: bool, out: &mut Vec<Pair>) {
    match node {
        n if n.is_undefined() => {}
        Node::List(items) if explode => out.extend(items.iter().map(|i| (name.to_owned(), flat(i, false)))),
        Node::Object(props) if explode => out.extend(props.iter().map(|(k, v)| (k.clone(), flat(v, false)))),
        other => out.push((name.to_owned(), joined(other, ",", false))),
    }
}

/// What kept a value from becoming a [`Node`].
#[derive(Debug)]
struct NodeError(String);

impl fmt::Display for NodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NodeError {}

impl ser::Error for NodeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        NodeError(msg.to_string())
    }
}

/// Serializes any value into a [`Node`].
struct NodeSerializer;

macro_rules! text {
    ($($method:ident: $t:ty),* $(,)?) => {$(
        fn $method(self, v: $t) -> Result<Node, NodeError> {
            Ok(Node::Text(v.to_string()))
        }
    )*};
}

impl ser::Serializer for NodeSerializer {
    type Ok = Node;
    type Error = NodeError;
    type SerializeSeq = Items;
    type SerializeTuple = Items;
    type SerializeTupleStruct = Items;
    type SerializeTupleVariant = Items;
    type SerializeMap = Props;
    type SerializeStruct = Props;
    type SerializeStructVariant = Props;

    text!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
        serialize_u128: u128, serialize_f32: f32, serialize_f64: f64, serialize_char: char, serialize_str: &str,
    );

    fn serialize_bytes(self, v: &[u8]) -> Result<Node, NodeError> {
        use base64::Engine as _;
        Ok(Node::Text(base64::engine::general_purpose::STANDARD.encode(v)))
    }

    fn serialize_none(self) -> Result<Node, NodeError> {
        Ok(Node::Absent)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Node, NodeError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Node, NodeError> {
        Ok(Node::Absent)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Node, NodeError> {
        Ok(Node::Absent)
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<Node, NodeError> {
        Ok(Node::Text(variant.to_owned()))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<Node, NodeError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Node, NodeError> {
        Ok(Node::Object(vec![(variant.to_owned(), value.serialize(self)?)]))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Items, NodeError> {
        Ok(Items { variant: None, items: Vec::with_capacity(len.unwrap_or(0)) })
    }

    fn serialize_tuple(self, len: usize) -> Result<Items, NodeError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items, NodeError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Items, NodeError> {
        Ok(Items { variant: Some(variant), items: Vec::with_capacity(len) })
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Props, NodeError> {
        Ok(Props { variant: None, props: Vec::with_capacity(len.unwrap_or(0)), key: None })
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Props, NodeError> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Props, NodeError> {
        Ok(Props { variant: Some(variant), props: Vec::with_capacity(len), key: None })
    }
}

/// A list being serialized (of a tuple variant, under the variant's name).
struct Items {
    variant: Option<&'static str>,
    items: Vec<Node>,
}

impl Items {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NodeError> {
        self.items.push(value.serialize(NodeSerializer)?);
        Ok(())
    }

    fn finish(self) -> Result<Node, NodeError> {
        let list = Node::List(self.items);
        Ok(match self.variant {
            Some(variant) => Node::Object(vec![(variant.to_owned(), list)]),
            None => list,
        })
    }
}

macro_rules! items {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Items {
            type Ok = Node;
            type Error = NodeError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NodeError> {
                self.push(value)
            }
            fn end(self) -> Result<Node, NodeError> {
                self.finish()
            }
        }
    )*};
}
items!(SerializeSeq::serialize_element, SerializeTuple::serialize_element);
items!(SerializeTupleStruct::serialize_field, SerializeTupleVariant::serialize_field);

/// An object being serialized; absent properties are left out.
struct Props {
    variant: Option<&'static str>,
    props: Vec<(String, Node)>,
    key: Option<String>,
}

impl Props {
    fn push<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), NodeError> {
        match value.serialize(NodeSerializer)? {
            Node::Absent => {}
            node => self.props.push((key, node)),
        }
        Ok(())
    }

    fn finish(self) -> Result<Node, NodeError> {
        let object = Node::Object(self.props);
        Ok(match self.variant {
            Some(variant) => Node::Object(vec![(variant.to_owned(), object)]),
            None => object,
        })
    }
}

impl ser::SerializeMap for Props {
    type Ok = Node;
    type Error = NodeError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), NodeError> {
        match key.serialize(NodeSerializer)? {
            Node::Text(key) => self.key = Some(key),
            _ => return Err(NodeError("a map key that is not text cannot be a parameter".into())),
        }
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NodeError> {
        let key = self.key.take().ok_or_else(|| NodeError("a map value without its key".into()))?;
        self.push(key, value)
    }

    fn end(self) -> Result<Node, NodeError> {
        self.finish()
    }
}

macro_rules! props {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Props {
            type Ok = Node;
            type Error = NodeError;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), NodeError> {
                self.push(key.to_owned(), value)
            }
            fn end(self) -> Result<Node, NodeError> {
                self.finish()
            }
        }
    )*};
}
props!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::param::join_query;
    use serde::Serialize;

    /// The four values of the Style Examples table: `color` empty, a string, an array, an object.
    fn values() -> [Node; 4] {
        let text = |t: &str| Node::Text(t.to_owned());
        [
            text(""),
            text("blue"),
            Node::List(vec![text("blue"), text("black"), text("brown")]),
            Node::Object(vec![("R".into(), text("100")), ("G".into(), text("200")), ("B".into(), text("150"))]),
        ]
    }

    /// A query style's rendering of `color`, as the query string would carry it.
    fn in_query(node: &Node, style: Style) -> String {
        let mut pairs = Vec::new();
        query("color", node, style, false, &mut pairs);
        join_query(&pairs)
    }

    #[test]
    fn every_row_of_the_style_examples_table() {
        // OpenAPI §4.7.12.4 "Style Examples", row by row: empty, string, array, object ("n/a"
        // where the table defines none). Label without explode follows RFC 6570 (`{.list}` is
        // `.blue,black,brown`), as OpenAPI 3.0.4 and 3.1.1 corrected the 3.0.3 table.
        let rows: [(Style, [&str; 4]); 8] = [
            (
                Style::Matrix { explode: false },
                [";color", ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"],
            ),
            (
                Style::Matrix { explode: true },
                [";color", ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"],
            ),
            (Style::Label { explode: false }, [".", ".blue", ".blue,black,brown", ".R,100,G,200,B,150"]),
            (Style::Label { explode: true }, [".", ".blue", ".blue.black.brown", ".R=100.G=200.B=150"]),
            (Style::Simple { explode: false }, ["", "blue", "blue,black,brown", "R,100,G,200,B,150"]),
            (Style::Simple { explode: true }, ["", "blue", "blue,black,brown", "R=100,G=200,B=150"]),
            (
                Style::Form { explode: false },
                ["color=", "color=blue", "color=blue,black,brown", "color=R,100,G,200,B,150"],
            ),
            (
                Style::Form { explode: true },
                ["color=", "color=blue", "color=blue&color=black&color=brown", "R=100&G=200&B=150"],
            ),
        ];
        for (style, expected) in rows {
            let got: Vec<String> = values()
                .iter()
                .map(|v| match style {
                    Style::Form { .. } => in_query(v, style),
                    _ => path("color", v, style),
                })
                .collect();
            // The table's label "empty" is `.`, which a path segment cannot hold as it is.
            let expected = expected.map(|e| if e == "." { "%2E" } else { e });
            assert_eq!(got, expected, "{style:?}");
        }
        let [_, _, array, object] = values();
        assert_eq!(in_query(&array, Style::SpaceDelimited), "color=blue%20black%20brown");
        assert_eq!(in_query(&object, Style::SpaceDelimited), "color=R%20100%20G%20200%20B%20150");
        assert_eq!(in_query(&array, Style::PipeDelimited), "color=blue|black|brown");
        assert_eq!(in_query(&object, Style::PipeDelimited), "color=R|100|G|200|B|150");
        assert_eq!(in_query(&object, Style::DeepObject), "color[R]=100&color[G]=200&color[B]=150");
        // Header parameters are `simple`; cookies `form`.
        assert_eq!(header(&object, false).as_deref(), Some("R,100,G,200,B,150"));
        assert_eq!(header(&object, true).as_deref(), Some("R=100,G=200,B=150"));
        assert_eq!(header(&array, false).as_deref(), Some("blue,black,brown"));
        assert_eq!(header(&Node::List(Vec::new()), false), None, "an empty list is not sent");
        let mut jar = Vec::new();
        cookies("color", &array, false, &mut jar);
        cookies("color", &object, true, &mut jar);
        assert_eq!(crate::param::join_cookies(&jar), "color=blue,black,brown; R=100; G=200; B=150");
    }

    #[test]
    fn typed_values_serialize_as_the_table_says() {
        #[derive(Serialize)]
        struct Color {
            #[serde(rename = "R")]
            r: u8,
            #[serde(rename = "G")]
            g: u8,
            #[serde(rename = "B")]
            b: u8,
            alpha: Option<f32>,
        }
        let color = node(&Color { r: 100, g: 200, b: 150, alpha: None }).unwrap();
        assert_eq!(in_query(&color, Style::Form { explode: true }), "R=100&G=200&B=150", "None is left out");
        let color = node(&Color { r: 1, g: 2, b: 3, alpha: Some(0.1) }).unwrap();
        assert_eq!(in_query(&color, Style::DeepObject), "color[R]=1&color[G]=2&color[B]=3&color[alpha]=0.1");
        let ids = node(&vec![1i64, 2]).unwrap();
        assert_eq!(path("ids", &ids, Style::Label { explode: false }), ".1,2");
        assert_eq!(in_query(&node(&None::<i32>).unwrap(), Style::Form { explode: true }), "");
        assert_eq!(in_query(&node(&Vec::<i32>::new()).unwrap(), Style::Form { explode: false }), "", "undefined");
        let when: chrono::DateTime<chrono::Utc> = "2025-07-01T16:45:55.246Z".parse().unwrap();
        assert_eq!(
            in_query(&node(&when).unwrap(), Style::Form { explode: true }),
            "color=2025-07-01T16%3A45%3A55.246Z"
        );
    }

    #[test]
    fn values_never_pass_for_delimiters_and_reserved_ones_may_stay() {
        let tricky = node(&vec!["a,b", "c|d", "e f", "g&h=i"]).unwrap();
        assert_eq!(in_query(&tricky, Style::Form { explode: false }), "color=a%2Cb,c%7Cd,e%20f,g%26h%3Di");
        assert_eq!(in_query(&tricky, Style::PipeDelimited), "color=a%2Cb|c%7Cd|e%20f|g%26h%3Di");
        assert_eq!(path("color", &tricky, Style::Simple { explode: false }), "a%2Cb,c%7Cd,e%20f,g%26h%3Di");
        let url = node("https://example.com/a?b=c#d").unwrap();
        let mut pairs = Vec::new();
        query("next", &url, Style::Form { explode: true }, true, &mut pairs);
        assert_eq!(join_query(&pairs), "next=https://example.com/a?b=c%23d", "allowReserved keeps all but `#`");
        assert_eq!(path("p", &node("..").unwrap(), Style::Simple { explode: false }), "%2E%2E");
    }

    #[test]
    fn nested_values_follow_the_bracket_convention() {
        // What OpenAPI leaves undefined, as Stripe documents and reads it.
        #[derive(Serialize)]
        struct Card {
            number: &'static str,
            exp: Exp,
        }
        #[derive(Serialize)]
        struct Exp {
            month: u8,
            year: u16,
        }
        #[derive(Serialize)]
        struct Item {
            price: &'static str,
            quantity: u8,
        }
        let card = node(&Card { number: "4242", exp: Exp { month: 12, year: 2030 } }).unwrap();
        assert_eq!(in_query(&card, Style::DeepObject), "color[number]=4242&color[exp][month]=12&color[exp][year]=2030");
        let items = node(&vec![Item { price: "p_1", quantity: 2 }, Item { price: "p_2", quantity: 1 }]).unwrap();
        assert_eq!(
            in_query(&items, Style::DeepObject),
            "color[0][price]=p_1&color[0][quantity]=2&color[1][price]=p_2&color[1][quantity]=1"
        );
        assert_eq!(in_query(&items, Style::Form { explode: true }), in_query(&items, Style::DeepObject));
        // A form body's object property, exploded (the default): its properties by their own names.
        let mut pairs = Vec::new();
        #[derive(Serialize)]
        struct Body {
            name: &'static str,
            tags: Vec<&'static str>,
            address: Address,
        }
        #[derive(Serialize)]
        struct Address {
            city: &'static str,
        }
        let body = node(&Body { name: "n", tags: vec!["a", "b"], address: Address { city: "Paris" } }).unwrap();
        let Node::Object(props) = body else { panic!("an object") };
        for (name, value) in &props {
            query(name, value, Style::Form { explode: true }, false, &mut pairs);
        }
        assert_eq!(join_query(&pairs), "name=n&tags=a&tags=b&city=Paris");
    }
}
