//! Type erasure that does not pay for asynchronous hydration.
//!
//! Leptos's `AnyView` keeps a pointer to its view's `hydrate_async`, so every `.into_any()` —
//! including the one the router applies to a route's page — compiles an async copy of the whole
//! view tree's hydration beside the synchronous one, though this app only ever hydrates
//! synchronously (`hydrate_body`, no lazy routes). [`Hydrated`] wraps a view and keeps the
//! default `hydrate_async`, which runs the synchronous `hydrate`: the async copy of the tree is
//! never instantiated. Erase views with [`EraseView::erase`] instead of `.into_any()`; rendering
//! and hydration are unchanged (the wrapper delegates everything else).

use leptos::prelude::{AnyView, IntoAny};
use leptos::tachys::{
    html::attribute::{Attribute, any_attribute::AnyAttribute},
    hydration::Cursor,
    ssr::StreamBuilder,
    view::{Position, PositionState, Render, RenderHtml, add_attr::AddAnyAttr},
};

/// A view that hydrates synchronously even when asked to hydrate asynchronously.
#[derive(Debug, Clone)]
pub struct Hydrated<V>(V);

/// `.erase()`: the app's `.into_any()`, without the async hydration copy.
pub trait EraseView: Sized {
    /// Type-erases the view, as `.into_any()` does.
    fn erase(self) -> AnyView;
}

impl<V: RenderHtml + 'static> EraseView for V {
    // The one sanctioned `.into_any()` (clippy.toml disallows it elsewhere).
    #[allow(clippy::disallowed_methods)]
    fn erase(self) -> AnyView {
        Hydrated(self).into_any()
    }
}

impl<V: Render> Render for Hydrated<V> {
    type State = V::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state)
    }
}

impl<V: AddAnyAttr> AddAnyAttr for Hydrated<V> {
    type Output<SomeNewAttr: Attribute> = Hydrated<V::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        Hydrated(self.0.add_any_attr(attr))
    }
}

impl<V: RenderHtml> RenderHtml for Hydrated<V> {
    type AsyncOutput = Hydrated<V::AsyncOutput>;
    type Owned = Hydrated<V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;
    const EXISTS: bool = V::EXISTS;

    fn dry_resolve(&mut self) {
        self.0.dry_resolve()
    }

    async fn resolve(self) -> Self::AsyncOutput {
        Hydrated(self.0.resolve().await)
    }

    fn html_len(&self) -> usize {
        self.0.html_len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs)
    }

    fn to_html_async_with_buf<const OUT_OF_ORDER: bool>(
        self,
        buf: &mut StreamBuilder,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) where
        Self: Sized,
    {
        self.0.to_html_async_with_buf::<OUT_OF_ORDER>(
            buf,
            position,
            escape,
            mark_branches,
            extra_attrs,
        )
    }

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    // `hydrate_async` keeps the trait's default: `async { self.hydrate::<true>(..) }`.

    fn into_owned(self) -> Self::Owned {
        Hydrated(self.0.into_owned())
    }
}
