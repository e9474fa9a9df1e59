//! Files the system loader must never see, and the loader's own reasons
//! for the ones it refuses: truncated copies of a real plugin (which would
//! kill the process with SIGBUS inside the loader), foreign and damaged
//! libraries, a static archive, a missing file. Everything runs in this
//! process through the loader API, so a crash fails the test.

#[path = "../../plugins/tests/common/mod.rs"]
mod common;
use std::path::{Path, PathBuf};
use vitreous_core::Error;
use vitreous_ffi::dynamic::load;

/// The reference plugin's library.
fn plugin() -> PathBuf {
    common::build_plugin("vitreous-plugin-yl-log", "yl_log")
}

/// The error for loading `path`, which must be a one-line plugin error
/// naming it.
fn refused(path: &Path) -> String {
    let e = load(path).err().expect("the file is refused");
    let text = e.to_string();
    assert!(
        matches!(e, Error::Plugin { .. })
            && text.starts_with(&format!("plugin {}: ", path.display()))
            && !text.contains('\n'),
        "{text}"
    );
    text
}

/// Replace every occurrence of `from` by `to` (same length) in `bytes`;
/// returns how many there were.
fn patch(bytes: &mut [u8], from: &[u8], to: &[u8]) -> usize {
    assert_eq!(from.len(), to.len());
    let mut n = 0;
    let mut k = 0;
    while k + from.len() <= bytes.len() {
        if &bytes[k..k + from.len()] == from {
            bytes[k..k + from.len()].copy_from_slice(to);
            n += 1;
            k += from.len();
        } else {
            k += 1;
        }
    }
    n
}

#[cfg(target_os = "linux")]
#[test]
fn truncated_copies_are_refused_without_reaching_the_loader() {
    let full = std::fs::read(plugin()).unwrap();
    let size = full.len();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("libtruncated.so");
    let mut sizes = vec![0, 1, 4, 16, 63, 64, 100, 1000, 4096, 65536, size - 1];
    sizes.extend((1..16).map(|k| k * size / 16));
    sizes.sort_unstable();
    sizes.dedup();
    // one file, cut shorter and shorter (no copy per size)
    std::fs::write(&path, &full).unwrap();
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    for &n in sizes.iter().rev() {
        file.set_len(n as u64).unwrap();
        let e = refused(&path);
        let expected = match n {
            0 => "the file is empty".to_string(),
            1..64 => "the file is truncated: its ELF header ends at byte 64".to_string(),
            _ => format!("but the file has {n} bytes"),
        };
        assert!(e.contains(&expected), "{n} bytes: {e}");
    }
}

/// Damaged headers: the check names what is wrong.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
#[test]
fn foreign_and_damaged_headers_are_named() {
    let full = std::fs::read(plugin()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let with = |name: &str, at: usize, bytes: &[u8]| {
        let mut b = full.clone();
        b[at..at + bytes.len()].copy_from_slice(bytes);
        let p = dir.path().join(name);
        std::fs::write(&p, &b).unwrap();
        refused(&p)
    };
    // e_ident[EI_CLASS] = ELFCLASS32
    assert!(with("class.so", 4, &[1]).contains("a 32-bit library; this vitreous is 64-bit"));
    // e_machine = EM_AARCH64 on x86_64, EM_X86_64 elsewhere
    let other: u16 = if cfg!(target_arch = "x86_64") {
        183
    } else {
        62
    };
    let e = with("machine.so", 18, &other.to_ne_bytes());
    assert!(e.contains("a library for "), "{e}");
    // e_type = ET_EXEC
    let e = with("exec.so", 16, &2u16.to_ne_bytes());
    assert!(
        e.contains("an executable, not a shared library") && e.contains("cdylib"),
        "{e}"
    );
    // e_phoff far past the end
    let e = with("phoff.so", 32, &(1u64 << 40).to_ne_bytes());
    assert!(e.contains("program header table ends at byte"), "{e}");
}

/// What cargo builds for a crate without `crate-type = ["cdylib"]` (an
/// rlib, a static archive), and a library that was never built.
#[test]
fn the_cdylib_hint() {
    let so = plugin();
    let rlib = so.with_file_name("libyl_log.rlib");
    if rlib.exists() && cfg!(target_os = "linux") {
        let e = refused(&rlib);
        assert!(
            e.contains("a static archive (.rlib or .a), not a shared library")
                && e.contains("crate-type = [\"cdylib\"]"),
            "{e}"
        );
    }
    let missing = so.with_file_name("libnever_built.so");
    let e = refused(&missing);
    assert!(
        e.contains("no such file") && e.contains("crate-type = [\"cdylib\"]"),
        "{e}"
    );
    let dir = tempfile::tempdir().unwrap();
    assert!(refused(dir.path()).contains("a directory"));
}

/// Intact headers the loader still refuses: its own reason is shown, one
/// line, without repeating the path, with a hint. The copies are the
/// real plugin with one imported name renamed (same length), so
/// everything else about them is valid.
#[cfg(target_os = "linux")]
#[test]
fn the_loaders_own_reason_is_shown() {
    let full = std::fs::read(plugin()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    // an imported function that does not exist
    let mut b = full.clone();
    let n = patch(&mut b, b"\0free\0", b"\0frex\0");
    assert!(n > 0, "the plugin imports free");
    let p = dir.path().join("libundefined.so");
    std::fs::write(&p, &b).unwrap();
    let e = refused(&p);
    assert!(
        e.contains("not a loadable library: undefined symbol: frex")
            && e.contains("rebuild it against this vitreous")
            && !e.contains(&format!("{}: undefined", p.display())),
        "{e}"
    );
    // a library it links against that does not exist
    let mut b = full.clone();
    let n = patch(&mut b, b"libgcc_s.so.1\0", b"libgcc_q.so.1\0");
    assert!(n > 0, "the plugin links libgcc_s");
    let p = dir.path().join("libneedy.so");
    std::fs::write(&p, &b).unwrap();
    let e = refused(&p);
    assert!(
        e.contains("libgcc_q.so.1: cannot open shared object file")
            && e.contains("a library it links against was not found"),
        "{e}"
    );
}

/// A bare file name is the file in the current directory, as everywhere
/// else on the command line — not a name looked up on the system's
/// library path (which is where the loader looks for a name without a
/// slash).
#[cfg(target_os = "linux")]
#[test]
fn a_bare_file_name_means_the_current_directory() {
    // a name the system's library path has, but the current directory
    // (the package's directory while testing) does not
    let e = refused(Path::new("libc.so.6"));
    assert!(e.contains("no such file"), "{e}");
    // the plugin by its bare name, from its own directory (every other
    // test in this binary uses absolute paths)
    let so = plugin();
    std::env::set_current_dir(so.parent().unwrap()).unwrap();
    let name = so.file_name().unwrap();
    let loaded = load(Path::new(name)).unwrap();
    assert_eq!(loaded.models.len(), 1);
}
