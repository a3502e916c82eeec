//! Lists every ADMIN user, links infrastructure identity 1 to the first of them, and uploads
//! `examples/security-training.pdf` as their security training evidence.
//!
//! ```text
//! DRATA_API_KEY=... [DRATA_BASE_URL=https://public-api.eu.drata.com/public] cargo run --example quickstart
//! ```

use drata::prelude::*;
use drata::{
    Client, ConnectUserIdentityRequest, FilePart, UploadUserDocumentRequest, UploadUserDocumentType, User, UserRole,
};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    // The API key from DRATA_API_KEY, the server from DRATA_BASE_URL when set (else the US region).
    let client = match Client::from_env() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let evidence = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/security-training.pdf"));
    match run(&client, evidence, &mut std::io::stdout()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The three steps, reported as they happen; `evidence` is the file uploaded.
pub async fn run(client: &Client, evidence: &Path, out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    // Every page, fetched lazily as the stream is read.
    let admins: Vec<User> = client.list_users().roles([UserRole::Admin]).stream().try_collect().await?;
    writeln!(out, "ADMIN users: {}", admins.len())?;
    for user in &admins {
        // The API may send `null` for any field but the id: show what is there.
        let name = [&user.first_name, &user.last_name].into_iter().flatten().cloned().collect::<Vec<_>>().join(" ");
        writeln!(out, "  {} {} <{}>", user.id, name, user.email.as_deref().unwrap_or("no e-mail"))?;
    }
    let first = admins.first().ok_or("no user has the ADMIN role")?;

    let identity = client.connect_infrastructure_identity(1, ConnectUserIdentityRequest::link(first.id)).send().await?;
    let username = identity.username.as_deref().unwrap_or("no username");
    writeln!(out, "linked infrastructure identity {} ({username}) to user {}", identity.id, first.id)?;

    let file = FilePart::from_path(evidence).await?;
    let name = file.file_name().unwrap_or("evidence").to_owned();
    let body = UploadUserDocumentRequest::file(UploadUserDocumentType::SecTraining, file);
    let document = client.upload_user_document(first.id, body).send().await?;
    let id = document.id.map_or_else(|| "(no id)".to_owned(), |id| id.to_string());
    writeln!(out, "uploaded {name} as SEC_TRAINING document {id} for user {}", first.id)?;
    Ok(())
}
