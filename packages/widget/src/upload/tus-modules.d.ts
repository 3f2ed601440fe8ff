// tus-js-client's package types describe its main entry only. The upload client imports two of its modern
// (untranspiled) modules directly: no file readers, URL storage or fingerprinting, and no ES5 transpilation
// (≈ 8.6 KB gz minified against ≈ 16 KB gz for the package's browser entry).
declare module 'tus-js-client/lib/upload.js' {
  import type { Upload, UploadOptions } from 'tus-js-client';
  /** `Upload` without the browser defaults: every option (httpStack, fileReader, fingerprint…) must be given. */
  export default class BaseUpload extends Upload {
    constructor(file: unknown, options: UploadOptions);
    static defaultOptions: UploadOptions;
  }
}

declare module 'tus-js-client/lib/browser/httpStack.js' {
  import type { HttpStack } from 'tus-js-client';
  /** The XMLHttpRequest stack (upload progress events). */
  export default class XHRHttpStack implements HttpStack {
    createRequest: HttpStack['createRequest'];
    getName(): string;
  }
}
