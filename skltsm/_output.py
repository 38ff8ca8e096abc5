"""``set_output`` for transformers whose output may be a 3-D stack of windows.

scikit-learn's automatic output wrapping turns every ``transform`` result into a
DataFrame, which cannot hold 3-D windows. Transformers that mix this class in opt
out of the automatic wrapping (``auto_wrap_output_keys=None``) and call
:meth:`_wrap_output` themselves: 2-D results are wrapped as scikit-learn would
wrap them, 3-D results pass through as arrays. So ``Pipeline.set_output`` and
``sklearn.set_config(transform_output="pandas")`` work on every pipeline.
"""

import pandas as pd
from sklearn import get_config

_CONTAINERS = ("default", "pandas", "polars")


class WindowOutputMixin:
    """Provide ``set_output`` for 2-D or 3-D transformer output."""

    def __init_subclass__(cls, **kwargs):
        # opt out of scikit-learn's automatic wrapping; _wrap_output replaces it
        super().__init_subclass__(auto_wrap_output_keys=None, **kwargs)

    def set_output(self, *, transform=None):
        """Set the output container of ``transform`` and ``fit_transform``.

        Parameters
        ----------
        transform : {"default", "pandas", "polars"}, default=None
            The container for 2-D output; 3-D windows are always returned as
            arrays. ``None`` leaves the configuration unchanged.

        Returns
        -------
        self : estimator instance
        """
        if transform is None:
            return self
        if transform not in _CONTAINERS:
            raise ValueError(
                f"`transform` must be one of {_CONTAINERS}, got {transform!r}."
            )
        self._sklearn_output_config = {"transform": transform}
        return self

    def _wrap_output(self, X_out, X_in, index=None):
        # the estimator's own setting, else the global one, as scikit-learn's
        own = getattr(self, "_sklearn_output_config", {})
        config = own.get("transform", get_config()["transform_output"])
        if config == "default" or X_out.ndim != 2:
            return X_out
        columns = list(self.get_feature_names_out())
        if config == "polars":
            import polars as pl

            return pl.DataFrame(X_out, schema=columns, orient="row")
        if index is None and isinstance(X_in, pd.DataFrame):
            index = X_in.index
        return pd.DataFrame(X_out, index=index, columns=columns)
