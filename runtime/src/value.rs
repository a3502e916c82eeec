use crate::style::Style;
use base64::Engine as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::path::Path;

/// A value of a string enum that this version of the SDK does not know, kept as received.
///
/// It can be read (`as_str()`, `Display`) but not built from outside: strings become enum values
/// through `str::parse` or `From<&str>`, which give the listed variant for a known value, so an
/// unknown value can never stand in for a known one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// For the generated `FromStr`, after every listed value was matched.
    #[doc(hidden)]
    pub fn unlisted(value: &str) -> Self {
        UnknownValue(value.to_owned())
    }

    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for UnknownValue {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Bytes carried in JSON as base64 text (OpenAPI `format: byte`).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Base64(pub Vec<u8>);

impl Base64 {
    /// The decoded bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Takes the decoded bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

impl fmt::Debug for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Base64({} bytes)", self.0.len())
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64(bytes)
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
        let text = String::deserialize(d)?;
        // Servers differ in alphabet and padding; accept all four RFC 4648 spellings.
        [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|engine| engine.decode(&text).ok())
            .map(Base64)
            .ok_or_else(|| serde::de::Error::custom("invalid base64 text"))
    }
}

/// A file sent as a part of a `multipart/form-data` body (OpenAPI `format: binary`).
#[derive(Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl FilePart {
    /// A part from bytes in memory, with the file name the server will see.
    pub fn from_bytes(bytes: impl Into<Vec<u8>>, file_name: impl Into<String>) -> Self {
        FilePart { bytes: bytes.into(), file_name: Some(file_name.into()), content_type: None }
    }

    /// Reads a file without blocking the async runtime; the part carries the file's name and the
    /// content type its extension implies. The error converts into the client's `Error` (`?`).
    pub async fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let bytes = tokio::fs::read(path).await?;
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let content_type = mime_guess::from_path(path).first().map(|m| m.essence_str().to_owned());
        Ok(FilePart { bytes, file_name, content_type })
    }

    /// Reads everything from `reader`; the part carries `file_name` and the content type its
    /// extension implies.
    pub fn from_reader(mut reader: impl std::io::Read, file_name: impl Into<String>) -> std::io::Result<Self> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes)?;
        let file_name = file_name.into();
        let content_type = mime_guess::from_path(&file_name).first().map(|m| m.essence_str().to_owned());
        Ok(FilePart { bytes, file_name: Some(file_name), content_type })
    }

    /// Sets the part's content type (by default the one the file name implies, else
    /// `application/octet-stream`).
    pub fn content_type(mut self, mime: impl Into<String>) -> Self {
        self.content_type = Some(mime.into());
        self
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file name sent with the part.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The content type sent with the part.
    pub fn mime(&self) -> &str {
        self.content_type.as_deref().unwrap_or("application/octet-stream")
    }

    fn to_part<E>(&self) -> Result<reqwest::multipart::Part, crate::Error<E>> {
        let mut part = reqwest::multipart::Part::bytes(self.bytes.clone());
        if let Some(name) = &self.file_name {
            part = part.file_name(name.clone());
        }
        part.mime_str(self.mime())
            .map_err(|_| crate::Error::InvalidRequest(format!("`{}` is not a valid content type", self.mime())))
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

// A binary property can also appear in a JSON schema; there it travels as base64 text.
impl Serialize for FilePart {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Base64(self.bytes.clone()).serialize(s)
    }
}

impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Base64(bytes) = Base64::deserialize(d)?;
        Ok(FilePart { bytes, file_name: None, content_type: None })
    }
}

/// A `multipart/form-data` body. It keeps its parts, not a one-shot stream, so a retried request
/// sends the same body again.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<FormPart>,
    /// Where the parts of the property added last begin (a styled property adds several).
    last: usize,
}

#[derive(Debug, Clone)]
struct FormPart {
    name: Cow<'static, str>,
    part: Part,
    /// The content type the spec's `encoding` gives the part.
    content_type: Option<&'static str>,
    /// The headers the spec's `encoding` gives the part.
    headers: Vec<(&'static str, &'static str)>,
}

impl FormPart {
    fn new(name: Cow<'static, str>, part: Part) -> Self {
        FormPart { name, part, content_type: None, headers: Vec::new() }
    }
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Json(Result<String, String>),
    File(FilePart),
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// A text part.
    pub fn text(self, name: &'static str, value: String) -> Self {
        self.push(name, Part::Text(value))
    }

    /// A file part, with its file name and content type.
    pub fn file(self, name: &'static str, file: FilePart) -> Self {
        self.push(name, Part::File(file))
    }

    /// A part holding `value` as JSON, the encoding OpenAPI gives object properties by default.
    pub fn json<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Self {
        let text =
            serde_json::to_string(value).map_err(|e| format!("could not encode form part `{name}` as JSON: {e}"));
        self.push(name, Part::Json(text))
    }

    /// Property `name` as the parts `style` writes (OpenAPI 3.1's `style` on a multipart encoding):
    /// each name and value the style would put in a query becomes a text part of that name, holding
    /// that value (OpenAPI 3.1.1 Appendix C: "the query string names are placed in the `name`
    /// parameter of the `Content-Disposition` part header, and the values are placed in the
    /// corresponding part body"), percent-encoded as in the query. An empty list or object, like
    /// an absent value, adds no part.
    pub fn styled<T: Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: Style,
        reserved: bool,
    ) -> Self {
        self.last = self.parts.len();
        match crate::style::node(value) {
            Ok(node) => {
                let mut pairs = Vec::new();
                crate::style::query(name, &node, style, reserved, &mut pairs);
                let parts = pairs.into_iter().map(|(key, value)| FormPart::new(Cow::Owned(key), Part::Text(value)));
                self.parts.extend(parts);
            }
            Err(e) => {
                let message = format!("could not encode form part `{name}`: {e}");
                self.parts.push(FormPart::new(Cow::Borrowed(name), Part::Json(Err(message))));
            }
        }
        self
    }

    fn push(mut self, name: &'static str, part: Part) -> Self {
        self.last = self.parts.len();
        self.parts.push(FormPart::new(Cow::Borrowed(name), part));
        self
    }

    /// Sends the part added last with this content type (`encoding.contentType` of the spec) instead
    /// of `text/plain` or `application/json`. A file part keeps its own.
    pub fn content_type(mut self, media: &'static str) -> Self {
        for part in self.parts[self.last..].iter_mut().filter(|p| !matches!(p.part, Part::File(_))) {
            part.content_type = Some(media);
        }
        self
    }

    /// Sends the parts of the property added last with this header (`encoding.headers` of the spec).
    pub fn header(mut self, name: &'static str, value: &'static str) -> Self {
        for part in &mut self.parts[self.last..] {
            part.headers.push((name, value));
        }
        self
    }

    pub(crate) fn to_form<E>(&self) -> Result<reqwest::multipart::Form, crate::Error<E>> {
        let mut form = reqwest::multipart::Form::new();
        let typed = |text: &String, media: &str| {
            reqwest::multipart::Part::text(text.clone())
                .mime_str(media)
                .map_err(|e| crate::Error::InvalidRequest(format!("content type `{media}`: {e}")))
        };
        for FormPart { name, part, content_type, headers } in &self.parts {
            let mut part = match (part, content_type) {
                (Part::Text(text), None) => reqwest::multipart::Part::text(text.clone()),
                (Part::Text(text), Some(media)) => typed(text, media)?,
                (Part::File(file), _) => file.to_part()?,
                (Part::Json(Ok(text)), media) => typed(text, media.unwrap_or("application/json"))?,
                (Part::Json(Err(message)), _) => return Err(crate::Error::InvalidRequest(message.clone())),
            };
            if !headers.is_empty() {
                let mut map = reqwest::header::HeaderMap::new();
                for (header, value) in headers {
                    let bad = || {
                        crate::Error::InvalidRequest(format!(
                            "part `{name}`: header `{header}: {value}` is not valid HTTP"
                        ))
                    };
                    let header = reqwest::header::HeaderName::from_bytes(header.as_bytes()).map_err(|_| bad())?;
                    map.append(header, reqwest::header::HeaderValue::from_str(value).map_err(|_| bad())?);
                }
                part = part.headers(map);
            }
            form = form.part(name.clone(), part);
        }
        Ok(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_and_accepts_every_alphabet() {
        let b: Base64 = serde_json::from_str("\"RXhhbXBsZSB0ZXh0IGNvbnRlbnQ=\"").unwrap();
        assert_eq!(b.as_bytes(), b"Example text content");
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"RXhhbXBsZSB0ZXh0IGNvbnRlbnQ=\"");
        let b: Base64 = serde_json::from_str("\"-_8\"").unwrap();
        assert_eq!(b.as_bytes(), &[0xfb, 0xff]);
        assert!(serde_json::from_str::<Base64>("\"not base64!\"").is_err());
    }
}
