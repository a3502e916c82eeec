//! Hostile and broken documents: each one either fails with a message naming the file, the JSON
//! pointer (where there is one) and the fix, leaving the output directory exactly as it was, or, for
//! names Rust cannot take as they are, generates code anyway (checked by compiling in `compile.rs`
//! for the focused `keywords` spec).

use drata_codegen::Config;

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

/// Generates `text` into a directory that already holds output, expecting failure; returns the message.
fn fails(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join(name);
    std::fs::write(&spec, text).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("lib.rs"), "// previous output\n").unwrap();
    let err = Config::new().spec(&spec).out_dir(&out).generate().expect_err("must fail").to_string();
    assert!(err.starts_with(&spec.display().to_string()), "names the file: {err}");
    assert!(err.contains("fix: "), "says how to fix it: {err}");
    let left: Vec<_> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["lib.rs"], "output untouched");
    assert_eq!(std::fs::read_to_string(out.join("lib.rs")).unwrap(), "// previous output\n");
    err
}

fn generates(text: &str) -> drata_codegen::Rendered {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("ok.yaml");
    std::fs::write(&spec, text).unwrap();
    Config::new().spec(&spec).render().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn not_yaml_or_json() {
    let err = fails("x.yaml", "openapi: [3.0\n  : : :\n");
    assert!(err.contains("not a valid OpenAPI 3.0 document"), "{err}");
    let err = fails("x.json", "{\"openapi\": \"3.0.3\", ");
    assert!(err.contains("not a valid OpenAPI 3.0 document"), "{err}");
}

#[test]
fn swagger_2_is_refused_openapi_3_1_translated_and_unknown_versions_refused() {
    let err = fails("v2.yaml", "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert!(err.contains("unsupported version `2.0`") && err.contains("swagger2openapi"), "{err}");
    // 3.1 is translated to 3.0 (see `tests/specs/openapi31.yaml` for what that covers).
    let rendered = generates("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n");
    assert!(rendered.api.operations.is_empty() && rendered.warnings.is_empty());
    for version in ["4.0.0", "3.2.0"] {
        let err = fails("v4.yaml", &format!("openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n"));
        assert!(
            err.contains(&format!("unsupported version `{version}`"))
                && err.contains("only OpenAPI 3.0.x and 3.1.x are supported"),
            "{err}"
        );
    }
    let err = fails("none.yaml", "info: {title: t, version: '1'}\npaths: {}\n");
    assert!(err.contains("openapi"), "{err}");
}

#[test]
fn dangling_ref() {
    let err = fails("d.yaml", &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/B'}}\n"));
    assert!(
        err.contains("at /components/schemas/A/properties/b: `$ref: #/components/schemas/B` does not resolve"),
        "{err}"
    );
}

#[test]
fn ref_cycle_without_an_object() {
    let err = fails("c.yaml", &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"));
    assert!(err.contains("at /components/schemas/") && err.contains("`$ref` cycle through"), "{err}");
}

#[test]
fn duplicate_operation_ids() {
    let op = "      operationId: same\n      responses: {'204': {description: x}}\n";
    let err = fails("dup.yaml", &format!("{HEAD}paths:\n  /a:\n    get:\n{op}  /b:\n    get:\n{op}"));
    assert!(err.contains("at /paths/~1b/get: operationId `same` is also used at /paths/~1a/get"), "{err}");
}

#[test]
fn path_parameter_missing_from_the_path() {
    let err = fails("p.yaml", &format!("{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      responses: {{'204': {{description: x}}}}\n"));
    assert!(err.contains("at /paths/~1a/get/parameters/0: path parameter `id` does not appear in `/a`"), "{err}");
}

#[test]
fn ten_thousand_levels_of_nesting() {
    let deep = format!("{}{}{}", "{\"a\":".repeat(10_000), "1", "}".repeat(10_000));
    let err = fails(
        "deep.json",
        &format!(
            "{{\"openapi\":\"3.0.3\",\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\"paths\":{{}},\"x-deep\":{deep}}}"
        ),
    );
    assert!(err.contains("recursion limit"), "{err}");
    let err =
        fails("deep.yaml", &format!("{HEAD}paths: {{}}\nx-deep: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000)));
    assert!(err.contains("recursion limit") || err.contains("nest"), "{err}");
    // The same in an OpenAPI 3.1 document, which is read as a JSON value first.
    let err = fails(
        "deep31.json",
        &format!("{{\"openapi\":\"3.1.0\",\"info\":{{\"title\":\"t\",\"version\":\"1\"}},\"x-deep\":{deep}}}"),
    );
    assert!(err.contains("recursion limit"), "{err}");
}

#[test]
fn awkward_names_are_handled_not_refused() {
    let rendered = generates(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    user-role: {{type: string, enum: [a]}}\n    UserRole: {{type: string, enum: [b]}}\n    \
         '': {{type: string}}\n    '123': {{type: integer}}\n    Ünïcode: {{type: object, properties: {{ñ: {{type: string}}, '': {{type: string}}, '9': {{type: string}}}}}}\n    \
         self: {{type: object, properties: {{type: {{type: string}}, fn: {{type: string}}}}}}\n"
    ));
    let names: Vec<&str> = rendered.api.types.iter().map(|t| t.name()).collect();
    for expected in ["UserRole", "UserRole2", "T", "T123", "SelfType"] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    // Every file parses as Rust.
    for f in rendered.files.iter().filter(|f| f.path.ends_with(".rs")) {
        syn::parse_file(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path));
    }
}

#[test]
fn a_huge_enum() {
    let values: Vec<String> = (0..5_000).map(|i| format!("VALUE_{i}")).collect();
    let rendered = generates(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Big: {{type: string, enum: [{}]}}\n",
        values.join(", ")
    ));
    let types = rendered.files.iter().find(|f| f.path == "types.rs").unwrap();
    assert!(types.contents.contains("Value4999 => \"VALUE_4999\""));
}

#[test]
fn a_50_megabyte_document() {
    // 2,600 schemas of 20 properties with long descriptions: about 50 MB of JSON.
    let description = "d".repeat(1_000);
    let mut schemas = serde_json::Map::new();
    for i in 0..2_600 {
        let props: serde_json::Map<String, serde_json::Value> = (0..20)
            .map(|p| (format!("p{p}"), serde_json::json!({"type": "string", "description": description})))
            .collect();
        schemas.insert(format!("S{i}"), serde_json::json!({"type": "object", "properties": props}));
    }
    let doc = serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}});
    let text = doc.to_string();
    assert!(text.len() > 50_000_000, "{} bytes", text.len());
    let rendered = generates(&text);
    assert_eq!(rendered.api.types.len(), 2_600);
}

/// A value of the wrong kind for a keyword that changes no Rust type (`pattern: 0`) does not fail
/// the document: it is dropped, with a warning naming its pointer. One that does change a type
/// still fails.
#[test]
fn a_malformed_keyword_that_changes_no_type_is_a_warning() {
    let rendered = generates(&format!(
        "{HEAD}paths:\n  /things:\n    get:\n      operationId: listThings\n      parameters:\n        \
         - {{name: q, in: query, schema: {{type: string, pattern: 0}}}}\n      responses: {{'204': {{description: none}}}}\n\
         components:\n  schemas:\n    Thing: {{type: object, properties: {{name: {{type: string, pattern: 0, maxLength: many}}}}}}\n"
    ));
    let mut pointers: Vec<&str> = rendered.warnings.iter().map(|w| w.pointer.as_str()).collect();
    pointers.sort();
    assert_eq!(
        pointers,
        [
            "/components/schemas/Thing/properties/name/maxLength",
            "/components/schemas/Thing/properties/name/pattern",
            "/paths/~1things/get/parameters/0/schema/pattern",
        ]
    );
    assert!(rendered.warnings.iter().any(|w| w.message.contains("`pattern: 0`")), "{:?}", rendered.warnings);
    assert!(rendered.api.types.iter().any(|t| t.name() == "Thing"));
    // Keywords that do not apply to the type (`maximum` on a string) are ignored, with a warning.
    let rendered = generates(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Thing: {{type: object, properties: {{name: {{type: string, maximum: 100}}}}}}\n"
    ));
    assert_eq!(rendered.warnings.len(), 1, "{:?}", rendered.warnings);
    assert_eq!(rendered.warnings[0].pointer, "/components/schemas/Thing/properties/name");
    let Some(drata_codegen::ir::TypeDef::Struct(thing)) = rendered.api.types.iter().find(|t| t.name() == "Thing")
    else {
        panic!("Thing")
    };
    assert_eq!(thing.fields[0].ty, drata_codegen::ir::Type::String);
    // `type: 5` changes what the value is: still an error, naming the place.
    let message = fails("bad.yaml", &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Thing: {{type: 5}}\n"));
    assert!(message.contains("/components/schemas/Thing"), "{message}");
}

/// A requirement naming a scheme the document does not define, and a scheme the client cannot
/// compute (HTTP digest), are warnings naming their pointers; the rest of the requirement stands.
#[test]
fn security_the_client_cannot_send_is_a_warning() {
    let rendered = generates(&format!(
        "{HEAD}paths:\n  /things:\n    get:\n      operationId: listThings\n      security: [{{key: []}}, {{missing: []}}, {{digest: []}}]\n      \
         responses: {{'204': {{description: none}}}}\n\
         components:\n  securitySchemes:\n    key: {{type: apiKey, in: header, name: X-Key}}\n    digest: {{type: http, scheme: digest}}\n"
    ));
    let mut pointers: Vec<&str> = rendered.warnings.iter().map(|w| w.pointer.as_str()).collect();
    pointers.sort();
    assert_eq!(pointers, ["/components/securitySchemes/digest", "/paths/~1things/get/security/1"]);
    assert!(rendered.warnings.iter().any(|w| w.message.contains("`missing`")), "{:?}", rendered.warnings);
    use drata_codegen::ir::Credential;
    let security = rendered.api.operations[0].security.clone();
    assert_eq!(security, Some(vec![vec![Credential::ApiKey("KEY".into())], vec![], vec![]]));
}

/// A multipart part header the spec gives no fixed value has no place in the client: a warning
/// naming it, never a made-up value; a fixed one is kept, lower-cased.
#[test]
fn a_part_header_without_a_fixed_value_is_a_warning() {
    let rendered = generates(&format!(
        "{HEAD}paths:\n  /files:\n    post:\n      operationId: upload\n      requestBody:\n        content:\n          \
         multipart/form-data:\n            schema: {{type: object, properties: {{file: {{type: string, format: binary}}}}}}\n            \
         encoding:\n              file:\n                headers:\n                  X-Trace: {{schema: {{type: string}}}}\n                  \
         X-Kind: {{schema: {{type: string, default: scan}}}}\n      responses: {{'204': {{description: none}}}}\n"
    ));
    let pointers: Vec<&str> = rendered.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["/paths/~1files/post/requestBody/content/multipart~1form-data/encoding/file/headers/X-Trace"]
    );
    let body = rendered.api.operations[0].body.as_ref().unwrap();
    assert_eq!(body.encoding[0].headers, [("x-kind".to_owned(), "scan".to_owned())]);
}

/// OpenAPI says header parameters named Accept, Content-Type or Authorization "SHALL be ignored":
/// no setter for them (the client sets those headers itself), and a warning naming each. An
/// `Authorization` parameter where no security scheme sends that header is the only way to send
/// it: kept, with a warning that says so.
#[test]
fn accept_content_type_and_authorization_parameters_are_ignored() {
    let params = "parameters:\n        \
         - {name: accept, in: header, schema: {type: string, enum: [application/json, text/event-stream]}}\n        \
         - {name: Content-Type, in: header, schema: {type: string}}\n        \
         - {name: Authorization, in: header, schema: {type: string}}\n        \
         - {name: X-Trace, in: header, schema: {type: string}}";
    let operation = format!(
        "paths:\n  /ask:\n    post:\n      operationId: ask\n      {params}\n      responses: {{'204': {{description: none}}}}\n"
    );
    let bearer = "components:\n  securitySchemes:\n    token: {type: http, scheme: bearer}\nsecurity: [{token: []}]\n";
    for (schemes, kept) in [(bearer, vec!["X-Trace"]), ("", vec!["Authorization", "X-Trace"])] {
        let rendered = generates(&format!("{HEAD}{schemes}{operation}"));
        let pointers: Vec<&str> = rendered.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/paths/~1ask/post/parameters/0", "/paths/~1ask/post/parameters/1", "/paths/~1ask/post/parameters/2"],
            "{:?}",
            rendered.warnings
        );
        let params: Vec<&str> = rendered.api.operations[0].params.iter().map(|p| p.wire.as_str()).collect();
        assert_eq!(params, kept);
    }
}

/// What real documents bend, tolerated and said: a `required` name `properties` does not define is
/// still a field (any JSON value, required in requests only, so a response without it reads), and
/// a 204 response's content is not read (RFC 9110: it has none).
#[test]
fn undeclared_required_names_and_204_content_are_warnings() {
    let rendered = generates(&format!(
        "{HEAD}paths:\n  /trips:\n    post:\n      operationId: ping\n      requestBody:\n        required: true\n        \
         content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Trip'}}\n      \
         responses:\n        '204':\n          description: ok\n          content:\n            application/json:\n              \
         schema: {{$ref: '#/components/schemas/Trip'}}\ncomponents:\n  schemas:\n    Trip:\n      type: object\n      \
         required: [origin, reference]\n      properties:\n        origin: {{type: string}}\n"
    ));
    let pointers: Vec<&str> = rendered.warnings.iter().map(|w| w.pointer.as_str()).collect();
    assert_eq!(pointers, ["/components/schemas/Trip/required", "/paths/~1trips/post/responses/204/content"]);
    let op = &rendered.api.operations[0];
    assert_eq!(op.success, drata_codegen::ir::Response::Empty);
    let Some(drata_codegen::ir::TypeDef::Struct(trip)) = rendered.api.types.iter().find(|t| t.name() == "Trip") else {
        panic!("Trip")
    };
    let reference = trip.fields.iter().find(|f| f.wire == "reference").expect("a field for `reference`");
    assert_eq!(reference.ty, drata_codegen::ir::Type::Json);
    // Only requests carry Trip here: required, as `required` says.
    assert!(reference.required, "{reference:?}");
}

/// An `enum` says the type of a schema that gives none (`[true, false]` is a boolean); where the
/// schema says `type: string`, the type stands, numbers in its `enum` or not (Ticketmaster's
/// `ratio: {type: string, enum: [169, 32, 43]}`): the client sends strings, as the type says.
#[test]
fn an_enum_of_numbers_says_the_type_only_where_there_is_none() {
    let rendered = generates(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Image:\n      type: object\n      properties:\n        \
         ratio: {{type: string, enum: [169, 32, 43]}}\n        count: {{enum: [1, 2]}}\n        flag: {{enum: [true, false]}}\n"
    ));
    let Some(drata_codegen::ir::TypeDef::Struct(image)) = rendered.api.types.iter().find(|t| t.name() == "Image")
    else {
        panic!("Image")
    };
    let ty = |wire: &str| image.fields.iter().find(|f| f.wire == wire).map(|f| f.ty.clone());
    use drata_codegen::ir::Type;
    assert_eq!((ty("ratio"), ty("count"), ty("flag")), (Some(Type::String), Some(Type::I64), Some(Type::Bool)));
}
