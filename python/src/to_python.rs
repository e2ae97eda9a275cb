//! Serde to Python objects: what `json.loads(serde_json::to_string(value))` gives, built
//! directly — no JSON text written and parsed again (that round trip cost a third of a
//! conversion's time).
//!
//! Equal to the JSON round trip by construction: structs and maps become dicts in field order,
//! sequences and tuples lists, `None` and unit `None`, unit variants their name, newtype and
//! other variants `{name: value}` (serde_json's external tagging), non-finite floats `None`. An
//! `f32` becomes the `f64` that its JSON text (shortest round-trip digits, as serde_json writes
//! it) parses to, not the `f32` widened: `12.3f32` is `12.3`, as `json.loads` gives it. The
//! tests compare the result with the command line's JSON for every fixture.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};
use serde::ser::{self, Serialize};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use vanban::hash::FxHasher;

/// Converts `value` to Python objects.
pub fn to_python<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let keys = RefCell::new(Keys::default());
    value
        .serialize(ToPython { py, keys: &keys })
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.0))
}

/// Field and variant names made into Python strings once per value, not once per object: the
/// same key object each time also keeps its hash, so every dict insertion after the first is
/// cheaper (what `json.loads` does with its key memo). Keyed by the address of the
/// `&'static str`.
type Keys<'py> = HashMap<usize, Bound<'py, PyString>, BuildHasherDefault<FxHasher>>;

#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Error(e.to_string())
    }
}

#[derive(Clone, Copy)]
struct ToPython<'a, 'py> {
    py: Python<'py>,
    keys: &'a RefCell<Keys<'py>>,
}

type Out<'py> = Bound<'py, PyAny>;

impl<'a, 'py> ToPython<'a, 'py> {
    fn key(self, name: &'static str) -> Bound<'py, PyString> {
        self.keys
            .borrow_mut()
            .entry(name.as_ptr() as usize)
            .or_insert_with(|| PyString::new(self.py, name))
            .clone()
    }

    fn float(self, v: f64) -> Out<'py> {
        if v.is_finite() {
            PyFloat::new(self.py, v).into_any()
        } else {
            self.py.None().into_bound(self.py)
        }
    }

    /// `{variant: value}`, serde_json's form of a non-unit enum variant.
    fn tagged(self, variant: &'static str, value: Out<'py>) -> Result<Out<'py>, Error> {
        let dict = PyDict::new(self.py);
        dict.set_item(self.key(variant), value)?;
        Ok(dict.into_any())
    }
}

impl<'a, 'py> ser::Serializer for ToPython<'a, 'py> {
    type Ok = Out<'py>;
    type Error = Error;
    type SerializeSeq = Seq<'a, 'py>;
    type SerializeTuple = Seq<'a, 'py>;
    type SerializeTupleStruct = Seq<'a, 'py>;
    type SerializeTupleVariant = Tagged<Seq<'a, 'py>>;
    type SerializeMap = Map<'a, 'py>;
    type SerializeStruct = Map<'a, 'py>;
    type SerializeStructVariant = Tagged<Map<'a, 'py>>;

    fn serialize_bool(self, v: bool) -> Result<Out<'py>, Error> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }
    fn serialize_i8(self, v: i8) -> Result<Out<'py>, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<Out<'py>, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<Out<'py>, Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<Out<'py>, Error> {
        let Ok(int) = v.into_pyobject(self.py);
        Ok(int.into_any())
    }
    fn serialize_u8(self, v: u8) -> Result<Out<'py>, Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<Out<'py>, Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<Out<'py>, Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<Out<'py>, Error> {
        let Ok(int) = v.into_pyobject(self.py);
        Ok(int.into_any())
    }
    fn serialize_f32(self, v: f32) -> Result<Out<'py>, Error> {
        // The shortest digits that give back `v` (what serde_json prints), read as an f64.
        let shortest: f64 = v.to_string().parse().unwrap_or(f64::from(v));
        Ok(self.float(shortest))
    }
    fn serialize_f64(self, v: f64) -> Result<Out<'py>, Error> {
        Ok(self.float(v))
    }
    fn serialize_char(self, v: char) -> Result<Out<'py>, Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Out<'py>, Error> {
        Ok(PyString::new(self.py, v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Out<'py>, Error> {
        // serde_json writes bytes as an array of numbers.
        Ok(PyList::new(self.py, v)?.into_any())
    }
    fn serialize_none(self) -> Result<Out<'py>, Error> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Out<'py>, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Out<'py>, Error> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Out<'py>, Error> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Out<'py>, Error> {
        // An enum's name ("arabic", "month", "pdf"): made once per call, like field names.
        Ok(self.key(variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Out<'py>, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Out<'py>, Error> {
        let value = value.serialize(self)?;
        self.tagged(variant, value)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Seq<'a, 'py>, Error> {
        Ok(Seq {
            to: self,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a, 'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Seq<'a, 'py>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Ok(Tagged {
            variant,
            inner: self.serialize_seq(Some(len))?,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'a, 'py>, Error> {
        Ok(Map {
            to: self,
            dict: PyDict::new(self.py),
            key: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Map<'a, 'py>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Ok(Tagged {
            variant,
            inner: self.serialize_map(Some(len))?,
        })
    }
}

pub struct Seq<'a, 'py> {
    to: ToPython<'a, 'py>,
    items: Vec<Out<'py>>,
}

impl<'py> Seq<'_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.push(value.serialize(self.to)?);
        Ok(())
    }
    fn list(self) -> Result<Out<'py>, Error> {
        Ok(PyList::new(self.to.py, self.items)?.into_any())
    }
}

impl<'py> ser::SerializeSeq for Seq<'_, 'py> {
    type Ok = Out<'py>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Out<'py>, Error> {
        self.list()
    }
}

impl<'py> ser::SerializeTuple for Seq<'_, 'py> {
    type Ok = Out<'py>;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Out<'py>, Error> {
        self.list()
    }
}

impl<'py> ser::SerializeTupleStruct for Seq<'_, 'py> {
    type Ok = Out<'py>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value)
    }
    fn end(self) -> Result<Out<'py>, Error> {
        self.list()
    }
}

pub struct Map<'a, 'py> {
    to: ToPython<'a, 'py>,
    dict: Bound<'py, PyDict>,
    key: Option<Out<'py>>,
}

impl<'py> ser::SerializeMap for Map<'_, 'py> {
    type Ok = Out<'py>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        let key = key.serialize(self.to)?;
        // JSON object keys are strings: serde_json writes a number key as its digits.
        self.key = Some(if key.is_instance_of::<PyString>() {
            key
        } else {
            key.str()?.into_any()
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error("map value without a key".into()))?;
        self.dict.set_item(key, value.serialize(self.to)?)?;
        Ok(())
    }
    fn end(self) -> Result<Out<'py>, Error> {
        Ok(self.dict.into_any())
    }
}

impl<'py> ser::SerializeStruct for Map<'_, 'py> {
    type Ok = Out<'py>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.dict
            .set_item(self.to.key(key), value.serialize(self.to)?)?;
        Ok(())
    }
    fn end(self) -> Result<Out<'py>, Error> {
        Ok(self.dict.into_any())
    }
}

/// A tuple or struct variant: `{variant: [...]}` or `{variant: {...}}`.
pub struct Tagged<S> {
    variant: &'static str,
    inner: S,
}

impl<'py> ser::SerializeTupleVariant for Tagged<Seq<'_, 'py>> {
    type Ok = Out<'py>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.inner.push(value)
    }
    fn end(self) -> Result<Out<'py>, Error> {
        let to = self.inner.to;
        to.tagged(self.variant, self.inner.list()?)
    }
}

impl<'py> ser::SerializeStructVariant for Tagged<Map<'_, 'py>> {
    type Ok = Out<'py>;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        ser::SerializeStruct::serialize_field(&mut self.inner, key, value)
    }
    fn end(self) -> Result<Out<'py>, Error> {
        let to = self.inner.to;
        to.tagged(self.variant, self.inner.dict.into_any())
    }
}
