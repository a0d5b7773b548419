//! Plan ids and edit secrets: random, URL-safe, and never stored or compared in the clear.
//!
//! Both come from the operating system's CSPRNG (`getrandom`): an id carries 128 bits, an edit
//! token 256, each written as unpadded base64url so it fits in a path or a URL fragment as is.
//! Only the SHA-256 of a token is stored (a token is a random 256-bit key, not a password, so a
//! slow hash would add nothing), and a presented token is checked against it in constant time.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Random bytes in a plan id (128 bits).
const ID_BYTES: usize = 16;
/// Random bytes in an edit token (256 bits).
const TOKEN_BYTES: usize = 32;
/// Characters of an id: 16 bytes in unpadded base64url.
pub const ID_LENGTH: usize = 22;

/// The OS random source failed: nothing can be saved safely.
#[derive(Debug, thiserror::Error)]
#[error("the operating system's random source failed: {0}")]
pub struct RandomSourceFailed(String);

fn random_text<const N: usize>() -> Result<String, RandomSourceFailed> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|err| RandomSourceFailed(err.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// A new plan id.
pub fn new_plan_id() -> Result<String, RandomSourceFailed> {
    random_text::<ID_BYTES>()
}

/// A new edit token.
pub fn new_edit_token() -> Result<String, RandomSourceFailed> {
    random_text::<TOKEN_BYTES>()
}

/// What is stored for a token.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Whether `token` is the one whose hash is `stored_hash`, in time that does not depend on
/// where the two differ.
pub fn token_matches(token: &str, stored_hash: &[u8]) -> bool {
    token_hash(token).ct_eq(stored_hash).into()
}

/// Whether `text` has the shape of a plan id (it may still name no plan).
pub fn looks_like_plan_id(text: &str) -> bool {
    text.len() == ID_LENGTH
        && text
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_tokens_are_url_safe_random_and_long_enough() {
        let ids: Vec<String> = (0..64).map(|_| new_plan_id().unwrap()).collect();
        for id in &ids {
            assert!(looks_like_plan_id(id), "{id}");
        }
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
        let token = new_edit_token().unwrap();
        assert_eq!(token.len(), 43);
        assert!(
            token
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }

    #[test]
    fn only_the_right_token_matches_its_hash() {
        let token = new_edit_token().unwrap();
        let stored = token_hash(&token);
        assert_ne!(stored, token.as_bytes());
        assert!(token_matches(&token, &stored));
        assert!(!token_matches(&new_edit_token().unwrap(), &stored));
        assert!(!token_matches("", &stored));
        assert!(!token_matches(&token, &stored[..31]));
    }

    #[test]
    fn malformed_ids_are_recognised() {
        for bad in [
            "",
            "short",
            "toolong-toolong-toolong",
            "abc/defghijklmnopqrstu",
            "abcdefghijklmnopqrstu!",
        ] {
            assert!(!looks_like_plan_id(bad), "{bad}");
        }
    }
}
