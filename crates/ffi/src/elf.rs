//! A check of an ELF shared library's headers, run before the file is
//! handed to the system's dynamic loader.
//!
//! The loader maps a library's segments straight from the file; a segment
//! that claims bytes beyond the end of a truncated file is mapped anyway,
//! and the first access to it kills the process with `SIGBUS` — inside the
//! loader, where nothing can catch it. So the host first reads the headers
//! itself and refuses a file unless
//!
//! * it is at least as long as an ELF header and starts with the ELF magic;
//! * its class (32/64-bit), byte order and machine are the host's, its
//!   header version is current and its type is a shared object (`ET_DYN`);
//! * the program header table lies inside the file, its entries are at
//!   least as large as the standard entry, and every segment's file range
//!   (offset + size in the file) lies inside the file;
//! * the section header table (if any) lies inside the file.
//!
//! Only the headers are read, never the whole file. The check is pure byte
//! arithmetic with overflow checked; it works on any platform but the
//! loader only calls it on Linux, the one platform whose libraries are
//! checked to be ELF.

use std::fmt;
use std::io::{Read, Seek, SeekFrom};

/// Why a file is not a loadable ELF shared library for this host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElfProblem {
    /// The file has fewer bytes than the structure being read.
    Truncated {
        /// What was being read.
        what: String,
        /// First byte past its end.
        end: u64,
        /// The file's size in bytes.
        size: u64,
    },
    /// The file does not start with the ELF magic bytes.
    NotElf {
        /// A static archive (`!<arch>`), as cargo builds for a crate
        /// without `crate-type = ["cdylib"]`.
        archive: bool,
    },
    /// An ELF file the host cannot load (class, byte order, version,
    /// machine or type).
    Incompatible(String),
    /// A header field with a nonsensical value.
    Malformed(String),
}

impl fmt::Display for ElfProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ElfProblem::Truncated { what, end, size } => write!(
                f,
                "the file is truncated: its {what} ends at byte {end} but the file has {size} bytes"
            ),
            ElfProblem::NotElf { archive: true } => f.write_str(
                "a static archive (.rlib or .a), not a shared library; build the plugin crate with \
                 crate-type = [\"cdylib\"] in its [lib] section",
            ),
            ElfProblem::NotElf { archive: false } => {
                f.write_str("not an ELF file (it does not start with the ELF magic bytes)")
            }
            ElfProblem::Incompatible(s) | ElfProblem::Malformed(s) => f.write_str(s),
        }
    }
}

const ET_REL: u16 = 1;
const ET_EXEC: u16 = 2;
const ET_DYN: u16 = 3;
const ET_CORE: u16 = 4;
/// `e_phnum` value meaning "the count is in section 0's `sh_info`".
const PN_XNUM: u16 = 0xffff;

/// The ELF machine number of the host, if known.
fn host_machine() -> Option<(u16, &'static str)> {
    let arch = std::env::consts::ARCH;
    let m = match arch {
        "x86" => 3,
        "x86_64" => 62,
        "arm" => 40,
        "aarch64" => 183,
        "riscv32" | "riscv64" => 243,
        "powerpc" => 20,
        "powerpc64" => 21,
        "s390x" => 22,
        "mips" | "mips64" => 8,
        "loongarch64" => 258,
        "sparc64" => 43,
        _ => return None,
    };
    Some((m, arch))
}

/// A readable name for an ELF machine number.
fn machine_name(m: u16) -> String {
    match m {
        3 => "x86".into(),
        62 => "x86_64".into(),
        40 => "arm".into(),
        183 => "aarch64".into(),
        243 => "riscv".into(),
        20 => "powerpc".into(),
        21 => "powerpc64".into(),
        22 => "s390x".into(),
        8 => "mips".into(),
        258 => "loongarch".into(),
        43 => "sparc64".into(),
        _ => format!("machine number {m}"),
    }
}

/// A readable name for a program header type.
fn segment_name(t: u32) -> String {
    match t {
        1 => "PT_LOAD".into(),
        2 => "PT_DYNAMIC".into(),
        3 => "PT_INTERP".into(),
        4 => "PT_NOTE".into(),
        6 => "PT_PHDR".into(),
        7 => "PT_TLS".into(),
        0x6474_e550 => "PT_GNU_EH_FRAME".into(),
        0x6474_e551 => "PT_GNU_STACK".into(),
        0x6474_e552 => "PT_GNU_RELRO".into(),
        0x6474_e553 => "PT_GNU_PROPERTY".into(),
        t => format!("type {t:#x}"),
    }
}

/// Random access to the file's bytes, with its size known.
trait Source {
    fn size(&self) -> u64;
    /// Fill `buf` from `offset`; the caller has checked the range.
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> std::io::Result<()>;
}

impl Source for &[u8] {
    fn size(&self) -> u64 {
        self.len() as u64
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> std::io::Result<()> {
        let start = offset as usize;
        buf.copy_from_slice(&self[start..start + buf.len()]);
        Ok(())
    }
}

struct FileSource {
    file: std::fs::File,
    size: u64,
}

impl Source for FileSource {
    fn size(&self) -> u64 {
        self.size
    }
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> std::io::Result<()> {
        self.file.seek(SeekFrom::Start(offset))?;
        self.file.read_exact(buf)
    }
}

/// Either a problem with the file's content or a failure to read it.
#[derive(Debug)]
pub enum CheckError {
    /// The bytes are not a loadable library.
    Problem(ElfProblem),
    /// The file could not be opened or read.
    Io(std::io::Error),
}

impl From<ElfProblem> for CheckError {
    fn from(p: ElfProblem) -> Self {
        CheckError::Problem(p)
    }
}

impl From<std::io::Error> for CheckError {
    fn from(e: std::io::Error) -> Self {
        CheckError::Io(e)
    }
}

/// Field reader for one ELF class and byte order.
#[derive(Clone, Copy)]
struct Layout {
    is64: bool,
    little: bool,
}

impl Layout {
    fn u16(&self, b: &[u8], at: usize) -> u16 {
        let x = [b[at], b[at + 1]];
        if self.little {
            u16::from_le_bytes(x)
        } else {
            u16::from_be_bytes(x)
        }
    }
    fn u32(&self, b: &[u8], at: usize) -> u32 {
        let x = [b[at], b[at + 1], b[at + 2], b[at + 3]];
        if self.little {
            u32::from_le_bytes(x)
        } else {
            u32::from_be_bytes(x)
        }
    }
    fn u64(&self, b: &[u8], at: usize) -> u64 {
        let mut x = [0u8; 8];
        x.copy_from_slice(&b[at..at + 8]);
        if self.little {
            u64::from_le_bytes(x)
        } else {
            u64::from_be_bytes(x)
        }
    }
    /// An address-sized field (`u32` in ELF32, `u64` in ELF64) at the
    /// offset of the given class.
    fn word(&self, b: &[u8], at32: usize, at64: usize) -> u64 {
        if self.is64 {
            self.u64(b, at64)
        } else {
            u64::from(self.u32(b, at32))
        }
    }
    fn header_size(&self) -> u64 {
        if self.is64 { 64 } else { 52 }
    }
    fn phent_size(&self) -> u64 {
        if self.is64 { 56 } else { 32 }
    }
    fn shent_size(&self) -> u64 {
        if self.is64 { 64 } else { 40 }
    }
}

/// Require bytes `[offset, offset + len)` to lie inside the file.
fn within(
    src: &dyn Source,
    what: impl Fn() -> String,
    offset: u64,
    len: u64,
) -> Result<(), ElfProblem> {
    match offset.checked_add(len) {
        Some(end) if end <= src.size() => Ok(()),
        Some(end) => Err(ElfProblem::Truncated {
            what: what(),
            end,
            size: src.size(),
        }),
        None => Err(ElfProblem::Malformed(format!(
            "the {} has an offset and size that overflow",
            what()
        ))),
    }
}

fn check_source<S: Source>(src: &mut S) -> Result<(), CheckError> {
    let size = src.size();
    // the identification bytes first: a short non-ELF file is "not ELF"
    let mut ident = [0u8; 16];
    let n = size.min(16) as usize;
    src.read_at(0, &mut ident[..n])?;
    if n >= 8 && &ident[..8] == b"!<arch>\n" {
        return Err(ElfProblem::NotElf { archive: true }.into());
    }
    if n == 0 {
        return Err(ElfProblem::Malformed("the file is empty".into()).into());
    }
    if ident[..n.min(4)] != b"\x7fELF"[..n.min(4)] {
        return Err(ElfProblem::NotElf { archive: false }.into());
    }
    if n < 16 {
        return Err(ElfProblem::Truncated {
            what: "ELF header".into(),
            end: 64,
            size,
        }
        .into());
    }
    let is64 = match ident[4] {
        1 => false,
        2 => true,
        c => return Err(ElfProblem::Malformed(format!("unknown ELF class {c}")).into()),
    };
    let host64 = cfg!(target_pointer_width = "64");
    if is64 != host64 {
        return Err(ElfProblem::Incompatible(format!(
            "a {}-bit library; this vitreous is {}-bit (wrong ELF class)",
            if is64 { 64 } else { 32 },
            if host64 { 64 } else { 32 }
        ))
        .into());
    }
    let little = match ident[5] {
        1 => true,
        2 => false,
        d => return Err(ElfProblem::Malformed(format!("unknown ELF byte order {d}")).into()),
    };
    if little != cfg!(target_endian = "little") {
        return Err(ElfProblem::Incompatible(format!(
            "a {}-endian library; this machine is {}-endian",
            if little { "little" } else { "big" },
            if little { "big" } else { "little" }
        ))
        .into());
    }
    if ident[6] != 1 {
        return Err(ElfProblem::Malformed(format!("unknown ELF version {}", ident[6])).into());
    }
    let l = Layout { is64, little };
    within(src, || "ELF header".into(), 0, l.header_size())?;
    let mut h = [0u8; 64];
    let h = &mut h[..l.header_size() as usize];
    src.read_at(0, h)?;
    let e_type = l.u16(h, 16);
    if e_type != ET_DYN {
        let what = match e_type {
            ET_REL => "a relocatable object file (.o)".to_string(),
            ET_EXEC => "an executable".to_string(),
            ET_CORE => "a core dump".to_string(),
            t => format!("an ELF file of type {t}"),
        };
        return Err(ElfProblem::Incompatible(format!(
            "{what}, not a shared library; build the plugin crate with crate-type = [\"cdylib\"] \
             in its [lib] section"
        ))
        .into());
    }
    let machine = l.u16(h, 18);
    if let Some((host, arch)) = host_machine()
        && machine != host
    {
        return Err(ElfProblem::Incompatible(format!(
            "a library for {}; this machine is {arch}",
            machine_name(machine)
        ))
        .into());
    }
    let phoff = l.word(h, 28, 32);
    let shoff = l.word(h, 32, 40);
    let (o16, o16b) = if is64 { (54, 58) } else { (42, 46) };
    let phentsize = u64::from(l.u16(h, o16));
    let mut phnum = u64::from(l.u16(h, o16 + 2));
    let shentsize = u64::from(l.u16(h, o16b));
    let mut shnum = u64::from(l.u16(h, o16b + 2));

    // the section header table: its first entry holds the real counts when
    // they do not fit the header's 16-bit fields
    let mut section0 = None;
    if shoff != 0 {
        if shentsize < l.shent_size() {
            return Err(ElfProblem::Malformed(format!(
                "section header entries of {shentsize} bytes (at least {} expected)",
                l.shent_size()
            ))
            .into());
        }
        within(src, || "first section header".into(), shoff, shentsize)?;
        let mut s0 = [0u8; 64];
        let s0 = &mut s0[..l.shent_size() as usize];
        src.read_at(shoff, s0)?;
        section0 = Some((l.word(s0, 20, 32), l.u32(s0, if is64 { 44 } else { 28 })));
    }
    if let Some((sh_size, sh_info)) = section0 {
        if shnum == 0 {
            shnum = sh_size;
        }
        if phnum == u64::from(PN_XNUM) {
            phnum = u64::from(sh_info);
        }
        let len = shnum.checked_mul(shentsize).ok_or_else(|| {
            ElfProblem::Malformed(format!("{shnum} section headers overflow the file size"))
        })?;
        within(src, || "section header table".into(), shoff, len)?;
    }

    if phnum == 0 || phoff == 0 {
        return Err(ElfProblem::Malformed("no program headers (nothing to load)".into()).into());
    }
    if phentsize < l.phent_size() {
        return Err(ElfProblem::Malformed(format!(
            "program header entries of {phentsize} bytes (at least {} expected)",
            l.phent_size()
        ))
        .into());
    }
    let len = phnum.checked_mul(phentsize).ok_or_else(|| {
        ElfProblem::Malformed(format!("{phnum} program headers overflow the file size"))
    })?;
    within(src, || "program header table".into(), phoff, len)?;
    let mut entry = vec![0u8; l.phent_size() as usize];
    let mut loads = 0;
    for k in 0..phnum {
        src.read_at(phoff + k * phentsize, &mut entry)?;
        let p_type = l.u32(&entry, 0);
        let (offset, filesz) = if is64 {
            (l.u64(&entry, 8), l.u64(&entry, 32))
        } else {
            (u64::from(l.u32(&entry, 4)), u64::from(l.u32(&entry, 16)))
        };
        if p_type == 1 {
            loads += 1;
        }
        if filesz > 0 {
            within(
                src,
                || format!("{} segment (program header {k})", segment_name(p_type)),
                offset,
                filesz,
            )?;
        }
    }
    if loads == 0 {
        return Err(ElfProblem::Malformed("no PT_LOAD segment (nothing to load)".into()).into());
    }
    Ok(())
}

/// Check ELF bytes held in memory (the whole file).
pub fn check_bytes(bytes: &[u8]) -> Result<(), ElfProblem> {
    let mut src = bytes;
    match check_source(&mut src) {
        Ok(()) => Ok(()),
        Err(CheckError::Problem(p)) => Err(p),
        // reads are bounds-checked before they happen: unreachable for a slice
        Err(CheckError::Io(e)) => Err(ElfProblem::Malformed(e.to_string())),
    }
}

/// Check the file at `path`, reading only its headers.
pub fn check_file(path: &std::path::Path) -> Result<(), CheckError> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(ElfProblem::Malformed("a directory, not a library file".into()).into());
    }
    let mut src = FileSource {
        size: meta.len(),
        file,
    };
    check_source(&mut src)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal, valid ELF64 little-endian shared object for the host
    /// machine: header, two program headers (one PT_LOAD of the whole
    /// file), a one-entry section header table at the end.
    fn minimal() -> Vec<u8> {
        let mut b = vec![0u8; 64 + 2 * 56 + 64];
        b[..4].copy_from_slice(b"\x7fELF");
        b[4] = 2;
        b[5] = 1;
        b[6] = 1;
        b[16..18].copy_from_slice(&ET_DYN.to_le_bytes());
        let m = host_machine().map_or(62, |(m, _)| m);
        b[18..20].copy_from_slice(&m.to_le_bytes());
        b[32..40].copy_from_slice(&64u64.to_le_bytes()); // phoff
        b[40..48].copy_from_slice(&(64u64 + 112).to_le_bytes()); // shoff
        b[54..56].copy_from_slice(&56u16.to_le_bytes());
        b[56..58].copy_from_slice(&2u16.to_le_bytes());
        b[58..60].copy_from_slice(&64u16.to_le_bytes());
        b[60..62].copy_from_slice(&1u16.to_le_bytes());
        let len = b.len() as u64;
        // PT_LOAD covering the file
        b[64..68].copy_from_slice(&1u32.to_le_bytes());
        b[64 + 32..64 + 40].copy_from_slice(&len.to_le_bytes());
        // PT_DYNAMIC at offset 100, 8 bytes
        b[120..124].copy_from_slice(&2u32.to_le_bytes());
        b[120 + 8..120 + 16].copy_from_slice(&100u64.to_le_bytes());
        b[120 + 32..120 + 40].copy_from_slice(&8u64.to_le_bytes());
        b
    }

    #[cfg(all(target_pointer_width = "64", target_endian = "little"))]
    #[test]
    fn a_minimal_library_passes_and_each_defect_is_named() {
        let good = minimal();
        assert_eq!(check_bytes(&good), Ok(()));
        // every proper prefix is refused
        for n in 0..good.len() {
            assert!(check_bytes(&good[..n]).is_err(), "prefix {n}");
        }
        let with = |at: usize, bytes: &[u8]| {
            let mut b = good.clone();
            b[at..at + bytes.len()].copy_from_slice(bytes);
            check_bytes(&b).unwrap_err().to_string()
        };
        assert!(with(4, &[1]).contains("wrong ELF class"));
        assert!(with(5, &[2]).contains("big-endian"));
        assert!(with(16, &ET_EXEC.to_le_bytes()).contains("an executable"));
        assert!(with(16, &ET_REL.to_le_bytes()).contains("cdylib"));
        assert!(with(18, &4242u16.to_le_bytes()).contains("machine number 4242"));
        // a segment past the end, and one whose range overflows
        let e = with(64 + 32, &1000u64.to_le_bytes());
        assert!(
            e.contains("PT_LOAD segment (program header 0) ends at byte 1000")
                && e.contains(&format!("has {} bytes", good.len())),
            "{e}"
        );
        assert!(with(120 + 8, &u64::MAX.to_le_bytes()).contains("overflow"));
        // a program header table or section table past the end
        assert!(with(56, &40u16.to_le_bytes()).contains("program header table"));
        assert!(with(60, &3u16.to_le_bytes()).contains("section header table"));
        assert!(with(54, &8u16.to_le_bytes()).contains("at least 56"));
        assert!(with(0, b"!<arch>\n").contains("static archive"));
        assert!(with(0, b"MZ").contains("not an ELF file"));
        // no PT_LOAD at all
        assert!(with(64, &6u32.to_le_bytes()).contains("no PT_LOAD"));
    }

    #[test]
    fn short_and_foreign_files_are_refused() {
        assert!(check_bytes(b"").unwrap_err().to_string().contains("empty"));
        assert!(
            check_bytes(b"\x7fEL")
                .unwrap_err()
                .to_string()
                .contains("truncated")
        );
        assert!(
            check_bytes(b"text, not a library at all")
                .unwrap_err()
                .to_string()
                .contains("not an ELF file")
        );
    }
}
