//! Ways real documents bend the spec, each found in the APIs.guru directory (`scripts/directory.py`),
//! reduced to a few lines: each generates, saying what it tolerated, or fails naming the defect.

use drata_codegen::ir::{Type, TypeDef};
use drata_codegen::Rendered;

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn render(text: &str) -> Result<Rendered, String> {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("doc.yaml");
    std::fs::write(&spec, format!("{HEAD}{text}")).unwrap();
    drata_codegen::Config::new().spec(&spec).render().map_err(|e| e.to_string())
}

fn field_type(r: &Rendered, ty: &str, field: &str) -> Type {
    let def = r.api.types.iter().find(|t| t.name() == ty).unwrap_or_else(|| panic!("no type {ty}"));
    let TypeDef::Struct(s) = def else { panic!("{ty} is not a struct") };
    s.fields.iter().find(|f| f.name == field).unwrap_or_else(|| panic!("no field {field}")).ty.clone()
}

fn warned(r: &Rendered, pointer: &str, text: &str) -> bool {
    r.warnings.iter().any(|w| w.pointer == pointer && w.message.contains(text))
}

/// `#/components/schemas/A/properties/b`, `#/paths/...` (percent-encoded, as RFC 6901 writes
/// pointers in URIs) and a response reused from another operation all resolve.
#[test]
fn references_into_parts_of_the_document_resolve() {
    let r = render(
        "paths:
  /items/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: object, properties: {code: {type: integer}}}}}
        '401': {description: no, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
        default: {description: other, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}
  /other:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/paths/~1items~1%7Bid%7D/get/responses/200/content/application~1json/schema'}
        '401': {$ref: '#/paths/~1items~1{id}/get/responses/401'}
        default: {$ref: '#/paths/~1items~1{id}/get/responses/default'}
components:
  schemas:
    Problem: {type: object, properties: {detail: {type: string}}}
    Order:
      type: object
      properties:
        problem: {$ref: '#/components/schemas/Problem/properties/detail'}
",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(field_type(&r, "Order", "problem"), Type::Named("Detail".into()));
    let other = r.api.operations.iter().find(|o| o.path == "/other").unwrap();
    assert_eq!(other.errors.len(), 2, "the reused 401 and default are error responses of its own");
    let names: Vec<_> = r.api.types.iter().map(|t| t.name()).collect();
    assert!(names.contains(&"ItemsId"), "the schema copied from the path is named after it: {names:?}");
}

/// A reference to the wrong kind of component is the document's error, named as such.
#[test]
fn a_schema_where_a_response_belongs_is_named() {
    let err = render(
        "paths:
  /a:
    get:
      responses: {'400': {$ref: '#/components/schemas/Bad'}}
components:
  schemas:
    Bad: {type: object}
",
    )
    .unwrap_err();
    assert!(err.contains("at /paths/~1a/get/responses/400"), "{err}");
    assert!(err.contains("points into `components/schemas` where a `components/responses` entry belongs"), "{err}");
}

/// AWS writes every described reference as `allOf: [{$ref}, {description}]`, recursively: that is
/// the referenced type (not a merged copy, which recursion would expand without end), and the
/// description documents the field.
#[test]
fn a_reference_with_a_description_in_all_of_is_that_type() {
    let r = render(
        "paths: {}
components:
  schemas:
    Column:
      type: object
      properties:
        type: {allOf: [{$ref: '#/components/schemas/Kind'}, {description: The column's type.}]}
    Kind:
      type: object
      properties:
        array: {allOf: [{$ref: '#/components/schemas/Column'}, {description: Set for arrays.}]}
        row: {allOf: [{$ref: '#/components/schemas/Column'}, {description: Set for rows.}]}
",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.api.types.len(), 2, "{:?}", r.api.types.iter().map(|t| t.name()).collect::<Vec<_>>());
    let Some(TypeDef::Struct(kind)) = r.api.types.iter().find(|t| t.name() == "Kind") else { panic!() };
    assert_eq!(kind.fields[0].ty, Type::Named("Column".into()));
    assert_eq!(kind.fields[0].doc.as_deref(), Some("Set for arrays."));
}

/// A query string written into the path (`/search?query={query}`) leaves the path; the query
/// parameter sends the value.
#[test]
fn a_query_string_in_the_path_leaves_it() {
    let r = render(
        "paths:
  /search?query={query}&page={page}:
    get:
      parameters:
        - {name: query, in: query, required: true, schema: {type: string}}
        - {name: page, in: path, required: true, schema: {type: integer}}
      responses: {'204': {description: ok}}
",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let op = &r.api.operations[0];
    assert_eq!(op.path, "/search?page={page}", "a declared path parameter stays where it is written");
    assert!(
        warned(&r, "/paths/~1search?query={query}&page={page}/get", "`query={query}` left the path"),
        "{:?}",
        r.warnings
    );
}

/// A path item that is a `$ref` to another path item has that item's operations.
#[test]
fn a_path_item_reference_to_another_path() {
    let r = render(
        "paths:
  /v2/items: {$ref: '#/paths/~1items'}
  /items:
    get:
      operationId: listItems
      responses: {'204': {description: ok}}
",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let ops: Vec<_> = r.api.operations.iter().map(|o| (o.path.as_str(), o.method_name.as_str())).collect();
    // The operationId is the original's; the copy is named from its method and path.
    assert_eq!(ops, [("/v2/items", "get_v2_items"), ("/items", "list_items")]);
}

/// Callbacks are not generated; callbacks the parser cannot read (a `$ref` as a whole callback)
/// are dropped with a warning. So is a "schema" that is not one.
#[test]
fn unreadable_callbacks_and_non_schemas_are_dropped_with_a_warning() {
    let r = render(
        "paths:
  /hooks:
    post:
      callbacks:
        onEvent: {$ref: '#/components/callbacks/Event'}
      responses: {'204': {description: ok}}
components:
  schemas:
    Snippet: 'const client = require(\"sdk\");'
    Item: {type: object, properties: {id: {type: string}}}
",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(warned(&r, "/paths/~1hooks/post/callbacks", "no code is generated for callbacks"), "{:?}", r.warnings);
    assert!(warned(&r, "/components/schemas/Snippet", "is not a schema"), "{:?}", r.warnings);
    assert_eq!(r.api.operations.len(), 1);
    assert!(r.api.types.iter().any(|t| t.name() == "Item"));
}

/// A deprecated base64 field is not offered as the response's file (`into_bytes()` would use a
/// deprecated field, a warning that `-D warnings` turns into an error).
#[test]
fn a_deprecated_base64_field_gets_no_shortcut() {
    let r = render(
        "paths:
  /m:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string}
                  hashed: {type: string, format: byte, deprecated: true}
",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let types = r.files.iter().find(|f| f.path == "types.rs").unwrap();
    assert!(types.contents.contains("#[deprecated]"));
    assert!(!types.contents.contains("fn into_bytes"), "{}", types.contents);
}
