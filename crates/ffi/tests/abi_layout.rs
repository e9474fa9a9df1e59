//! The byte layout of the ABI v3 structs on a 64-bit target, worked out by
//! hand from the C layout rules (fields in order, each at the next offset
//! aligned for it; pointers and `usize` 8 bytes, `u32` 4, `f64` 8; a
//! `Str`/`Slice` is a pointer and a length, 16 bytes). A C author who
//! declares the same fields gets the same offsets; a change here is a new
//! ABI version.

#![cfg(target_pointer_width = "64")]

use std::mem::{offset_of, size_of};
use vitreous_ffi::abi::*;

#[test]
fn views_and_descriptors() {
    assert_eq!(size_of::<Str>(), 16);
    assert_eq!(size_of::<Slice<f64>>(), 16);
    assert_eq!(size_of::<SliceMut<f64>>(), 16);
    assert_eq!(size_of::<MessageBuf>(), 24);

    assert_eq!(offset_of!(PluginDescriptor, abi_version), 0);
    assert_eq!(offset_of!(PluginDescriptor, struct_size), 4);
    assert_eq!(offset_of!(PluginDescriptor, plugin), 8);
    assert_eq!(offset_of!(PluginDescriptor, models), 16);
    assert_eq!(offset_of!(PluginDescriptor, potentials), 32);
    assert_eq!(offset_of!(PluginDescriptor, distributions), 48);
    assert_eq!(offset_of!(PluginDescriptor, evaluate), 64);
    assert_eq!(offset_of!(PluginDescriptor, check), 72);
    assert_eq!(offset_of!(PluginDescriptor, grid), 80);
    assert_eq!(offset_of!(PluginDescriptor, system), 88);
    assert_eq!(offset_of!(PluginDescriptor, distribution), 96);
    assert_eq!(size_of::<PluginDescriptor>(), 104);

    assert_eq!(size_of::<ModelDescriptor>(), 3 * 16 + 4 * 16);
    assert_eq!(offset_of!(ModelDescriptor, presets), 96);
    assert_eq!(offset_of!(ParamDescriptor, choices), 48);
    assert_eq!(offset_of!(ParamDescriptor, default), 64);
    assert_eq!(offset_of!(ParamDescriptor, optional), 88);
    assert_eq!(size_of::<ParamDescriptor>(), 96);
    assert_eq!(offset_of!(ConditionDescriptor, min_exclusive), 72);
    assert_eq!(size_of::<ConditionDescriptor>(), 80);
    assert_eq!(size_of::<ColumnDescriptor>(), 32);
    assert_eq!(offset_of!(ObservableDescriptor, primary), 64);
    assert_eq!(size_of::<ObservableDescriptor>(), 72);
    assert_eq!(size_of::<NamedValue>(), 24);
    assert_eq!(size_of::<PresetDescriptor>(), 64);
    assert_eq!(size_of::<AngleDescriptor>(), 32);
    assert_eq!(offset_of!(PotentialDescriptor, n_wells), 48);
    assert_eq!(offset_of!(PotentialDescriptor, angles), 56);
    assert_eq!(size_of::<PotentialDescriptor>(), 72);
    assert_eq!(size_of::<DistributionDescriptor>(), 64);
}

#[test]
fn call_structs() {
    assert_eq!(offset_of!(EvaluateCall, at), 8);
    assert_eq!(offset_of!(EvaluateCall, out), 40);
    assert_eq!(offset_of!(EvaluateCall, message), 56);
    assert_eq!(size_of::<EvaluateCall>(), 80);

    assert_eq!(offset_of!(CheckCall, params), 8);
    assert_eq!(size_of::<CheckCall>(), 48);

    assert_eq!(offset_of!(GridAxis, values), 8);
    assert_eq!(offset_of!(GridAxis, log), 24);
    assert_eq!(size_of::<GridAxis>(), 32);
    assert_eq!(offset_of!(GridCall, axes), 40);
    assert_eq!(offset_of!(GridCall, out), 56);
    assert_eq!(offset_of!(GridCall, host), 72);
    assert_eq!(offset_of!(GridCall, progress), 80);
    assert_eq!(offset_of!(GridCall, failure), 88);
    assert_eq!(offset_of!(GridCall, message), 96);
    assert_eq!(size_of::<GridCall>(), 120);

    assert_eq!(size_of::<HopRecord>(), 24);
    assert_eq!(offset_of!(SystemCall, d), 8);
    assert_eq!(offset_of!(SystemCall, angles), 24);
    assert_eq!(offset_of!(SystemCall, hops), 72);
    assert_eq!(offset_of!(SystemCall, n_hops), 88);
    assert_eq!(offset_of!(SystemCall, message), 96);
    assert_eq!(size_of::<SystemCall>(), 120);

    assert_eq!(offset_of!(DistributionCall, x), 24);
    assert_eq!(offset_of!(DistributionCall, out), 40);
    assert_eq!(offset_of!(DistributionCall, message), 56);
    assert_eq!(size_of::<DistributionCall>(), 80);

    // the two leading fields every version keeps
    assert_eq!(size_of::<DescriptorHeader>(), 8);
}
