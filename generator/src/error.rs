use std::fmt;

/// A document the generator cannot turn into code: where (file, JSON pointer), what, and how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    pub file: Option<String>,
    /// JSON pointer into the document, e.g. `/paths/~1users/get/parameters/0`.
    pub pointer: Option<String>,
    pub message: String,
    pub fix: Option<String>,
}

impl Error {
    /// A problem at a JSON pointer of the document (`""` is the whole document).
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Error { file: None, pointer: Some(pointer.into()), message: message.into(), fix: None }
    }

    /// A problem with no place in the document (a setting, the text as a whole).
    pub fn general(message: impl Into<String>) -> Self {
        Error { file: None, pointer: None, message: message.into(), fix: None }
    }

    /// A problem with a file: the spec that cannot be read, an output that cannot be written.
    pub fn file(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error { file: Some(path.into()), pointer: None, message: message.into(), fix: None }
    }

    /// A bug of the generator rather than of the document.
    pub(crate) fn internal(message: impl std::fmt::Display) -> Self {
        Error::general(format!("internal error: {message}")).with_fix("please report this with the spec that caused it")
    }

    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file.get_or_insert_with(|| file.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        if let Some(pointer) = &self.pointer {
            write!(f, "at {}: ", if pointer.is_empty() { "/" } else { pointer })?;
        }
        write!(f, "{}", self.message)?;
        if let Some(fix) = &self.fix {
            write!(f, "\n  fix: {fix}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// Something the generator could not represent exactly and replaced with a fallback.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "warning: at {}: {}", self.pointer, self.message)
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Undoes `pointer_token`: one reference token of a JSON pointer, unescaped.
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
