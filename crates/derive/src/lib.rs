//! Derive macros for vitreous' typed model declarations. Use them through
//! `vitreous_core::authoring`, which documents the traits they implement;
//! the generated code names `::vitreous_core`.
//!
//! Why derives rather than a declarative macro: a model author writes plain
//! Rust structs and enums with doc comments, and every attribute is checked
//! here with an error pointing at the offending field (an unknown key, a
//! missing unit, a variant without its output type). A `macro_rules!`
//! grammar for the same declarations would be a language of its own, with
//! far worse error messages.
#![warn(missing_docs)]

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as Tokens};
use quote::{format_ident, quote};
use syn::{
    Attribute, Data, DeriveInput, Expr, Fields, Ident, LitStr, Type, parse_macro_input,
    spanned::Spanned,
};

/// Parse the item and expand it, turning an error into a compile error
/// pointing at the offending declaration.
fn derive(input: TokenStream, expand: fn(&DeriveInput) -> syn::Result<Tokens>) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand(&input)
        .unwrap_or_else(|e| e.to_compile_error())
        .into()
}

/// The text of the `///` doc comments, joined into one line.
fn doc_of(attrs: &[Attribute]) -> String {
    let mut lines = Vec::new();
    for a in attrs {
        if a.path().is_ident("doc") {
            if let syn::Meta::NameValue(nv) = &a.meta {
                if let Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &nv.value
                {
                    let t = s.value();
                    let t = t.trim();
                    if !t.is_empty() {
                        lines.push(t.to_string());
                    }
                }
            }
        }
    }
    lines.join(" ")
}

fn named_fields(input: &DeriveInput) -> syn::Result<Vec<&syn::Field>> {
    match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(f) => Ok(f.named.iter().collect()),
            _ => Err(syn::Error::new(
                input.ident.span(),
                "expected a struct with named fields",
            )),
        },
        _ => Err(syn::Error::new(input.ident.span(), "expected a struct")),
    }
}

fn is_f64(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.is_ident("f64"))
}

/// `Option<f64>`?
fn is_option_f64(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    let Some(last) = p.path.segments.last() else {
        return false;
    };
    if last.ident != "Option" {
        return false;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(a) => {
            a.args.len() == 1
                && matches!(a.args.first(), Some(syn::GenericArgument::Type(t)) if is_f64(t))
        }
        _ => false,
    }
}

/// Attribute values of one `#[param(...)]` / `#[condition(...)]` / `#[column(...)]`.
#[derive(Default)]
struct Spec {
    name: Option<LitStr>,
    unit: Option<LitStr>,
    default: Option<Expr>,
    min: Option<Expr>,
    max: Option<Expr>,
    positive: bool,
    non_negative: bool,
    optional: bool,
    primary: bool,
    energy: bool,
    declared_unit: bool,
}

fn parse_spec(attrs: &[Attribute], key: &str, span: Span) -> syn::Result<Spec> {
    let mut spec = Spec::default();
    let mut found = false;
    for a in attrs.iter().filter(|a| a.path().is_ident(key)) {
        found = true;
        a.parse_nested_meta(|meta| {
            let p = &meta.path;
            if p.is_ident("name") {
                spec.name = Some(meta.value()?.parse()?);
            } else if p.is_ident("unit") {
                spec.unit = Some(meta.value()?.parse()?);
            } else if p.is_ident("default") {
                spec.default = Some(meta.value()?.parse()?);
            } else if p.is_ident("min") {
                spec.min = Some(meta.value()?.parse()?);
            } else if p.is_ident("max") {
                spec.max = Some(meta.value()?.parse()?);
            } else if p.is_ident("positive") {
                spec.positive = true;
            } else if p.is_ident("non_negative") {
                spec.non_negative = true;
            } else if p.is_ident("optional") {
                spec.optional = true;
            } else if p.is_ident("primary") {
                spec.primary = true;
            } else if p.is_ident("energy") {
                spec.energy = true;
            } else if p.is_ident("declared_unit") && key == "param" {
                spec.declared_unit = true;
            } else {
                return Err(meta.error(
                    "unknown key; expected name, unit, default, min, max, positive, non_negative, optional, energy, declared_unit (parameters) or primary",
                ));
            }
            Ok(())
        })?;
    }
    if !found {
        return Err(syn::Error::new(
            span,
            format!("every field needs a #[{key}(...)] attribute"),
        ));
    }
    Ok(spec)
}

fn name_of(spec: &Spec, ident: &Ident) -> String {
    spec.name
        .as_ref()
        .map(|s| s.value())
        .unwrap_or_else(|| ident.to_string())
}

/// `#[derive(Parameters)]` on a struct: one parameter per field.
///
/// Field types: `f64` (a real parameter, handed to the model in SI),
/// `Option<f64>` (an optional one: `None` when left unset; requires
/// `optional`), or a `#[derive(Choice)]` enum. Attributes
/// `#[param(unit = "K", default = 1.0, min = …, max = …, positive,
/// non_negative, optional, energy, name = "…")]` (`energy`: an energy quoted
/// in kelvin, which may be given in energy units; `declared_unit`: the value
/// reaches the model as a number in the declared unit instead of SI — for
/// physics written in a paper's own units, such as per-gram densities or
/// times in µs; what the user typed is still converted by the parsed unit);
/// the doc comment is the parameter's doc. A choice takes
/// `default = Enum::Variant` and no unit.
#[proc_macro_derive(Parameters, attributes(param))]
pub fn derive_parameters(input: TokenStream) -> TokenStream {
    derive(input, expand_parameters)
}

fn expand_parameters(input: &DeriveInput) -> syn::Result<Tokens> {
    let ident = &input.ident;
    let fields = named_fields(input)?;
    let mut specs = Vec::new();
    let mut builds = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let fid = f.ident.as_ref().expect("named field");
        let spec = parse_spec(&f.attrs, "param", f.span())?;
        let name = name_of(&spec, fid);
        let doc = doc_of(&f.attrs);
        let ty = &f.ty;
        if is_f64(ty) || is_option_f64(ty) {
            let unit = spec.unit.as_ref().ok_or_else(|| {
                syn::Error::new(
                    f.span(),
                    "a real parameter needs `unit = \"…\"` (\"1\" if dimensionless)",
                )
            })?;
            let optional = is_option_f64(ty);
            if optional && !spec.optional {
                return Err(syn::Error::new(
                    f.span(),
                    "an Option<f64> parameter must be marked `optional`",
                ));
            }
            if spec.optional && !optional {
                return Err(syn::Error::new(
                    f.span(),
                    "an `optional` parameter must have type Option<f64>",
                ));
            }
            let default = match &spec.default {
                Some(d) => quote!((#d) as f64),
                None if optional => quote!(f64::NAN),
                None => {
                    return Err(syn::Error::new(f.span(), "a parameter needs `default = …`"));
                }
            };
            let mut s =
                quote!(::vitreous_core::param::ParamSpec::new(#name, #unit, #default, #doc));
            if spec.positive {
                s = quote!(#s.positive());
            }
            if spec.non_negative {
                s = quote!(#s.bounds(0.0, f64::INFINITY));
            }
            if spec.min.is_some() || spec.max.is_some() {
                let lo = spec
                    .min
                    .as_ref()
                    .map_or(quote!(f64::NEG_INFINITY), |e| quote!((#e) as f64));
                let hi = spec
                    .max
                    .as_ref()
                    .map_or(quote!(f64::INFINITY), |e| quote!((#e) as f64));
                s = quote!(#s.bounds(#lo, #hi));
            }
            if spec.energy {
                s = quote!(#s.energy());
            }
            let value = if spec.declared_unit {
                quote!(values[#i])
            } else {
                quote!(values[#i] * si[#i])
            };
            if optional {
                s = quote!(#s.optional());
                builds.push(quote!(#fid: if values[#i].is_nan() { None } else { Some(#value) }));
            } else {
                builds.push(quote!(#fid: #value));
            }
            specs.push(s);
        } else {
            if spec.unit.is_some()
                || spec.min.is_some()
                || spec.max.is_some()
                || spec.positive
                || spec.declared_unit
            {
                return Err(syn::Error::new(
                    f.span(),
                    "a choice parameter takes only `default` (and `name`)",
                ));
            }
            let default = spec.default.as_ref().ok_or_else(|| {
                syn::Error::new(
                    f.span(),
                    "a choice parameter needs `default = Enum::Variant`",
                )
            })?;
            specs.push(quote!(::vitreous_core::param::ParamSpec::choice(
                #name,
                <#ty as ::vitreous_core::authoring::Choice>::OPTIONS,
                <#ty as ::vitreous_core::authoring::Choice>::index(#default),
                #doc,
            )));
            builds.push(quote!(#fid: <#ty as ::vitreous_core::authoring::Choice>::from_index(values[#i] as usize)
                .filter(|_| values[#i] >= 0.0 && values[#i].fract() == 0.0)
                .ok_or_else(|| ::vitreous_core::Error::InvalidChoice {
                    name: #name.into(),
                    value: ::vitreous_core::format::number(values[#i]),
                    allowed: <#ty as ::vitreous_core::authoring::Choice>::OPTIONS.join(", "),
                })?));
        }
    }
    let n = fields.len();
    Ok(quote! {
        impl ::vitreous_core::authoring::Parameters for #ident {
            fn specs() -> ::std::vec::Vec<::vitreous_core::param::ParamSpec> {
                ::std::vec![#(#specs),*]
            }
            fn from_values(values: &[f64], si: &[f64]) -> ::vitreous_core::Result<Self> {
                if values.len() != #n || si.len() != #n {
                    return Err(::vitreous_core::Error::numerical(
                        stringify!(#ident),
                        format!("{} values for {} parameters", values.len(), #n),
                    ));
                }
                Ok(#ident { #(#builds),* })
            }
        }
    })
}

/// `#[derive(Conditions)]` on a struct of `f64` fields: one condition per
/// field, handed to the model in SI (NaN where the observable does not use
/// it). Attributes `#[condition(name = "T", unit = "K", default = …,
/// positive, non_negative)]`.
#[proc_macro_derive(Conditions, attributes(condition))]
pub fn derive_conditions(input: TokenStream) -> TokenStream {
    derive(input, expand_conditions)
}

fn expand_conditions(input: &DeriveInput) -> syn::Result<Tokens> {
    let ident = &input.ident;
    let fields = named_fields(input)?;
    let mut specs = Vec::new();
    let mut builds = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        let fid = f.ident.as_ref().expect("named field");
        if !is_f64(&f.ty) {
            return Err(syn::Error::new(f.ty.span(), "conditions are f64"));
        }
        let spec = parse_spec(&f.attrs, "condition", f.span())?;
        let name = name_of(&spec, fid);
        let doc = doc_of(&f.attrs);
        let unit = spec
            .unit
            .as_ref()
            .ok_or_else(|| syn::Error::new(f.span(), "a condition needs `unit = \"…\"`"))?;
        let mut s = quote!(::vitreous_core::model::ConditionSpec::new(#name, #unit, #doc));
        if spec.positive {
            s = quote!(#s.positive());
        }
        if spec.non_negative {
            s = quote!(#s.non_negative());
        }
        if let Some(d) = &spec.default {
            s = quote!(#s.default_value((#d) as f64));
        }
        if spec.energy {
            s = quote!(#s.energy());
        }
        if spec.min.is_some() || spec.max.is_some() || spec.optional || spec.primary {
            return Err(syn::Error::new(
                f.span(),
                "a condition takes name, unit, default, positive, non_negative, energy",
            ));
        }
        specs.push(s);
        builds.push(quote!(#fid: values[#i] * si[#i]));
    }
    Ok(quote! {
        impl ::vitreous_core::authoring::Conditions for #ident {
            fn specs() -> ::std::vec::Vec<::vitreous_core::model::ConditionSpec> {
                ::std::vec![#(#specs),*]
            }
            fn from_values(values: &[f64], si: &[f64]) -> Self {
                #ident { #(#builds),* }
            }
        }
    })
}

/// `#[derive(Output)]` on a struct of `f64` fields: one value column per
/// field, written in its declared unit. Attributes `#[column(unit = "…",
/// name = "…", primary)]`.
#[proc_macro_derive(Output, attributes(column))]
pub fn derive_output(input: TokenStream) -> TokenStream {
    derive(input, expand_output)
}

/// The value columns of named `f64` fields with `#[column(...)]`: their
/// specs, the index of the primary one, and the field names in order.
fn columns_of<'a>(
    fields: impl Iterator<Item = &'a syn::Field>,
) -> syn::Result<(Vec<Tokens>, usize, Vec<&'a Ident>)> {
    let mut cols = Vec::new();
    let mut names = Vec::new();
    let mut primary = None;
    for (i, f) in fields.enumerate() {
        let fid = f.ident.as_ref().expect("named field");
        if !is_f64(&f.ty) {
            return Err(syn::Error::new(f.ty.span(), "output columns are f64"));
        }
        let spec = parse_spec(&f.attrs, "column", f.span())?;
        let name = name_of(&spec, fid);
        let unit = spec
            .unit
            .as_ref()
            .ok_or_else(|| syn::Error::new(f.span(), "a column needs `unit = \"…\"`"))?;
        if spec.primary {
            if primary.is_some() {
                return Err(syn::Error::new(
                    f.span(),
                    "only one column can be `primary`",
                ));
            }
            primary = Some(i);
        }
        cols.push(quote!(::vitreous_core::model::ColumnSpec::new(#name, #unit)));
        names.push(fid);
    }
    Ok((cols, primary.unwrap_or(0), names))
}

fn expand_output(input: &DeriveInput) -> syn::Result<Tokens> {
    let ident = &input.ident;
    let fields = named_fields(input)?;
    let (cols, primary, names) = columns_of(fields.into_iter())?;
    let writes: Vec<Tokens> = names
        .iter()
        .enumerate()
        .map(|(i, fid)| quote!(out[#i] = self.#fid;))
        .collect();
    Ok(quote! {
        impl ::vitreous_core::authoring::Output for #ident {
            fn columns() -> ::std::vec::Vec<::vitreous_core::model::ColumnSpec> {
                ::std::vec![#(#cols),*]
            }
            fn primary() -> usize {
                #primary
            }
            fn write(&self, out: &mut [f64]) {
                #(#writes)*
            }
        }
    })
}

/// `#[derive(Observables)]` on an enum with one variant per observable,
/// each carrying its output: a `#[derive(Output)]` struct (`Name(Output)`)
/// or its columns inline (`Name { #[column(unit = "…")] a: f64, … }`).
/// Attributes
/// `#[observable(id = "heat-capacity", conditions(T, omega))]`; the doc
/// comment is the observable's description. Also generates the field-less
/// enum `<Name>Kind` with the same variants.
#[proc_macro_derive(Observables, attributes(observable, column))]
pub fn derive_observables(input: TokenStream) -> TokenStream {
    derive(input, expand_observables)
}

fn expand_observables(input: &DeriveInput) -> syn::Result<Tokens> {
    let ident = &input.ident;
    let vis = &input.vis;
    let kind = format_ident!("{}Kind", ident);
    let Data::Enum(e) = &input.data else {
        return Err(syn::Error::new(ident.span(), "expected an enum"));
    };
    let mut variants = Vec::new();
    let mut specs = Vec::new();
    let mut from_index = Vec::new();
    let mut kind_of = Vec::new();
    let mut writes = Vec::new();
    for (i, v) in e.variants.iter().enumerate() {
        let vid = &v.ident;
        // `Name(Output)` carries an output struct; `Name { a: f64, … }`
        // declares its columns inline, with `#[column(...)]` on each field.
        let (columns, primary, write, pattern) = match &v.fields {
            Fields::Unnamed(u) if u.unnamed.len() == 1 => {
                let ty = &u.unnamed[0].ty;
                (
                    quote!(<#ty as ::vitreous_core::authoring::Output>::columns()),
                    quote!(<#ty as ::vitreous_core::authoring::Output>::primary()),
                    quote!(#ident::#vid(v) => <#ty as ::vitreous_core::authoring::Output>::write(v, out),),
                    quote!(#ident::#vid(_)),
                )
            }
            Fields::Named(named) => {
                let (cols, primary, names) = columns_of(named.named.iter())?;
                let writes: Vec<Tokens> = names
                    .iter()
                    .enumerate()
                    .map(|(k, fid)| quote!(out[#k] = *#fid;))
                    .collect();
                (
                    quote!(::std::vec![#(#cols),*]),
                    quote!(#primary),
                    quote!(#ident::#vid { #(#names),* } => { #(#writes)* }),
                    quote!(#ident::#vid { .. }),
                )
            }
            _ => {
                return Err(syn::Error::new(
                    v.span(),
                    "each observable variant carries its output: `Name(OutputStruct)` or `Name { col: f64, … }`",
                ));
            }
        };
        let mut id: Option<LitStr> = None;
        let mut conditions: Vec<String> = Vec::new();
        for a in v.attrs.iter().filter(|a| a.path().is_ident("observable")) {
            a.parse_nested_meta(|meta| {
                if meta.path.is_ident("id") {
                    id = Some(meta.value()?.parse()?);
                } else if meta.path.is_ident("conditions") {
                    // `conditions(T, omega)`, or `conditions()` for none
                    let content;
                    syn::parenthesized!(content in meta.input);
                    let names =
                        syn::punctuated::Punctuated::<Ident, syn::Token![,]>::parse_terminated(
                            &content,
                        )?;
                    conditions.extend(names.iter().map(|n| n.to_string()));
                } else {
                    return Err(meta.error("unknown key; expected id or conditions(...)"));
                }
                Ok(())
            })?;
        }
        let id = id.ok_or_else(|| {
            syn::Error::new(
                v.span(),
                "each variant needs #[observable(id = \"…\", conditions(…))]",
            )
        })?;
        let doc = doc_of(&v.attrs);
        let vdocs: Vec<&Attribute> = v
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .collect();
        variants.push(quote!(#(#vdocs)* #vid));
        specs.push(quote!({
            let mut o = ::vitreous_core::model::ObservableSpec::new(#id, #doc, &[], &[#(#conditions),*]);
            o.columns = #columns;
            o.primary = #primary;
            o
        }));
        from_index.push(quote!(#i => ::std::option::Option::Some(#kind::#vid),));
        kind_of.push(quote!(#pattern => #kind::#vid,));
        writes.push(write);
    }
    let kind_doc = format!("The observables of [`{ident}`], without their values.");
    Ok(quote! {
        #[doc = #kind_doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #vis enum #kind { #(#variants),* }

        impl ::vitreous_core::authoring::Observables for #ident {
            type Kind = #kind;
            fn specs() -> ::std::vec::Vec<::vitreous_core::model::ObservableSpec> {
                ::std::vec![#(#specs),*]
            }
            fn kind(i: usize) -> ::std::option::Option<#kind> {
                match i {
                    #(#from_index)*
                    _ => ::std::option::Option::None,
                }
            }
            fn kind_of(&self) -> #kind {
                match self { #(#kind_of)* }
            }
            fn write(&self, out: &mut [f64]) {
                match self { #(#writes)* }
            }
        }
    })
}

/// `#[derive(Choice)]` on a field-less enum: the options of a choice
/// parameter, named in kebab-case (`LongTime` → `long-time`) unless renamed
/// with `#[choice("name")]`.
#[proc_macro_derive(Choice, attributes(choice))]
pub fn derive_choice(input: TokenStream) -> TokenStream {
    derive(input, expand_choice)
}

fn kebab(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn expand_choice(input: &DeriveInput) -> syn::Result<Tokens> {
    let ident = &input.ident;
    let Data::Enum(e) = &input.data else {
        return Err(syn::Error::new(ident.span(), "expected an enum"));
    };
    let mut names = Vec::new();
    let mut from = Vec::new();
    let mut to = Vec::new();
    for (i, v) in e.variants.iter().enumerate() {
        if !matches!(v.fields, Fields::Unit) {
            return Err(syn::Error::new(v.span(), "choice options carry no data"));
        }
        let vid = &v.ident;
        let mut name = kebab(&vid.to_string());
        for a in v.attrs.iter().filter(|a| a.path().is_ident("choice")) {
            name = a.parse_args::<LitStr>()?.value();
        }
        names.push(name);
        from.push(quote!(#i => ::std::option::Option::Some(#ident::#vid),));
        to.push(quote!(#ident::#vid => #i,));
    }
    Ok(quote! {
        impl ::vitreous_core::authoring::Choice for #ident {
            const OPTIONS: &'static [&'static str] = &[#(#names),*];
            fn from_index(i: usize) -> ::std::option::Option<Self> {
                match i {
                    #(#from)*
                    _ => ::std::option::Option::None,
                }
            }
            fn index(self) -> usize {
                match self { #(#to)* }
            }
        }
    })
}
