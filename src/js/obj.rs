//! The state behind every exported class, held so that no call from JS can corrupt or poison it.
//!
//! wasm-bindgen hands a method the pointer stored in `this.__wbg_ptr` and trusts it to point at
//! the method's own class. Every exported class therefore holds exactly one [`Obj`] and nothing
//! else: a method called with `this` bound to another edgewise class's object still reads a valid
//! `Obj`, and [`Obj::with`] reports the mismatch as an error instead of reading foreign memory.
//!
//! Methods take `&self` and borrow the state only through [`Obj::with`] / [`Obj::with_mut`],
//! *after* every JS argument has been read. A JS exception can only escape while arguments are
//! being read (a throwing getter, a hostile Proxy), when no state is borrowed, so an error never
//! leaves an object borrowed ("recursive use of an object") or half-updated.

use crate::error::{Error, Result};
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// A type-erased, reference-counted cell holding one class's state, tagged with its JS class name.
pub(crate) struct Obj {
    class: &'static str,
    cell: Rc<dyn Any>,
}

impl Obj {
    /// Wraps `value` as the state of an object of JS class `class`.
    pub(crate) fn new<T: 'static>(class: &'static str, value: T) -> Self {
        Obj {
            class,
            cell: Rc::new(RefCell::new(value)),
        }
    }

    fn cell<T: 'static>(&self, class: &'static str) -> Result<&RefCell<T>> {
        match (&*self.cell as &dyn Any).downcast_ref::<RefCell<T>>() {
            Some(cell) if self.class == class => Ok(cell),
            _ => Err(Error::invalid(
                "this",
                format!("{} (the method was called on another object)", a(class)),
                a(self.class),
            )),
        }
    }

    /// Runs `f` on the state, which must be a `T` of class `class`.
    pub(crate) fn with<T: 'static, R>(
        &self,
        class: &'static str,
        f: impl FnOnce(&T) -> Result<R>,
    ) -> Result<R> {
        let cell = self.cell::<T>(class)?;
        let state = cell.try_borrow().map_err(|_| busy(class))?;
        f(&state)
    }

    /// Runs `f` on the state mutably. `f` must check before it changes anything, so that an
    /// error leaves the object as it was.
    pub(crate) fn with_mut<T: 'static, R>(
        &self,
        class: &'static str,
        f: impl FnOnce(&mut T) -> Result<R>,
    ) -> Result<R> {
        let cell = self.cell::<T>(class)?;
        let mut state = cell.try_borrow_mut().map_err(|_| busy(class))?;
        f(&mut state)
    }
}

/// The error of a call made on an object from inside one of its own callbacks.
fn busy(class: &str) -> Error {
    Error::invalid(
        "this",
        format!(
            "{} that is not in use by another call (called from its own callback?)",
            a(class)
        ),
        "an object in use",
    )
}

/// `"an ItemStore"`, `"a ShopperProfile"`.
pub(crate) fn a(class: &str) -> String {
    // "a Uint8Array", "an ItemStore": a leading U reads "you" in these names.
    let article = match class.chars().next() {
        Some('A' | 'E' | 'I' | 'O') => "an",
        _ => "a",
    };
    format!("{article} {class}")
}
