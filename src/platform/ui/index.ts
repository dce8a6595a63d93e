// The UI vocabulary: pages are assembled from these (see docs/architecture.md). Each component documents its
// parameters and an example beside it.
export { defineLifecycle, statusesOf, StatusBadge, Tag, type Lifecycle, type Tone } from './badge.js';
export { ConfirmPage, type Confirmation } from './confirm.js';
export { DateOnly, DateTime, formatDate, formatDateTime } from './date.js';
export { EmptyState } from './empty-state.js';
export { FilterBar, FilterInput, FilterSelect } from './filter-bar.js';
export {
  ActionButton,
  Button,
  ChoiceField,
  ErrorSummary,
  Field,
  Form,
  formState,
  SelectField,
  TextArea,
  TextField,
  type FieldPath,
  type FormState,
  type Option,
} from './form.js';
export { ErrorPage, Layout, renderPage, type PageContext } from './layout.js';
export { isPreview, MARKDOWN_HINT, MarkdownFormButtons, MarkdownPreview } from './markdown-preview.js';
export { StatCards, type Stat } from './stat-cards.js';
export { StepIndicator, type Step } from './steps.js';
export { SummaryList, type SummaryRow } from './summary-list.js';
export { DataTable, Pagination, withParams, type Column } from './table.js';
export {
  listQuerySchema,
  pageInfo,
  tableQueryOf,
  tableQuerySchema,
  type Paged,
  type TableQuery,
  type TableSpec,
} from './table-query.js';
