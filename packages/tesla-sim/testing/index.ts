export { signInThroughPages } from './sign-in';
export { fleetApi, parseForm, postForm, type ApiResult, type HtmlForm } from './http';
